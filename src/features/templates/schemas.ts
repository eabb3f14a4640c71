import { Type } from 'typebox';
import { DateTime, Literals, Nullable, Obj, Slug } from '../../http/schemas.js';
import { kinds } from './catalog.js';

const Locale = Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$', description: 'BCP 47 language tag (default en)' });
export const LayoutName = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$', description: 'Layout name: letters, digits, _ . -' });
const Kind = Literals(kinds, { description: 'Message kind' });
const Body = (max: number) => Type.String({ maxLength: max });

export const KindParams = Obj({ org: Slug, kind: Kind });
export const LocaleQuery = Obj({ locale: Type.Optional(Locale) });

const Variable = Obj({
  name: Type.String({ description: 'As templates write it, e.g. user.username' }),
  type: Literals(['string', 'url', 'code', 'date', 'number', 'boolean'] as const),
  description: Type.String(),
  sample: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], { description: 'Preview value (dates as ISO 8601)' }),
});

export const TemplateSummary = Obj({
  kind: Kind,
  channel: Literals(['email', 'sms'] as const),
  description: Type.String(),
  variable: Type.String({ description: 'The layout variable of the kind, e.g. PINCODE_EMAIL_BODY' }),
  layoutName: Type.String({ description: 'The layout the variable points at in this organization' }),
  variables: Type.Array(Variable),
  requiredFields: Type.Array(Type.String(), { description: 'Variables a saved template must contain' }),
  legacyAliases: Type.Array(Type.String(), { description: 'Legacy merge fields this kind understands, e.g. !PINCODE!' }),
  customized: Type.Boolean({ description: 'Whether the organization has its own template of this kind in any locale' }),
  customizedLocales: Type.Array(Type.String()),
});

export const TemplateList = Obj({ items: Type.Array(TemplateSummary) });

const Source = {
  subject: Nullable(Type.String()),
  html: Nullable(Type.String()),
  text: Type.String(),
};

export const TemplateDetail = Obj({
  ...TemplateSummary.properties,
  locale: Type.String(),
  source: Obj(Source),
  own: Type.Boolean({ description: 'Whether the source shown is the organization’s own in this locale (else the built-in default)' }),
  updatedAt: Nullable(DateTime),
});

export const TemplateUpdate = Obj({
  locale: Type.Optional(Locale),
  subject: Type.Optional(Body(1000)),
  html: Type.Optional(Body(100_000)),
  text: Body(100_000),
});

export const TemplatePreviewBody = Obj({
  locale: Type.Optional(Locale),
  subject: Type.Optional(Body(1000)),
  html: Type.Optional(Body(100_000)),
  text: Type.Optional(Body(100_000)),
});

export const TemplatePreview = Obj({
  subject: Nullable(Type.String()),
  html: Nullable(Type.String()),
  text: Type.String(),
  missingFields: Type.Array(Type.String(), { description: 'Required fields the source lacks (saving it would be refused)' }),
});

const Layout = Obj({ name: Type.String(), locale: Type.String(), channel: Literals(['email', 'sms'] as const), usedBy: Type.Array(Type.String(), { description: 'Kinds whose variable points at it' }), updatedAt: DateTime });
const VariableMapping = Obj({ variable: Type.String(), kind: Kind, layoutName: Type.String(), mapped: Type.Boolean({ description: 'false: the layout named like the variable (the default)' }) });

export const LayoutList = Obj({
  environmentName: Nullable(Type.String()),
  layouts: Type.Array(Layout),
  variables: Type.Array(VariableMapping),
});

export const LayoutImportResult = Obj({
  ...LayoutList.properties,
  imported: Type.Array(Obj({ name: Type.String(), locale: Type.String() })),
  skipped: Type.Array(Obj({ name: Type.String(), locale: Type.String() }), { description: 'Layouts of that name that existed already and were kept' }),
});

export const VariablesSet = Obj({
  variables: Type.Record(Type.String({ pattern: '^[A-Z0-9_]{1,100}$' }), Nullable(LayoutName), { description: 'Layout variable → layout name; null: back to the layout named like the variable' }),
});
