import { Type } from 'typebox';
import { DateTime, Literals, Nullable, NullableString, Obj, Slug, Uuid } from '../../http/schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Shown to users; unique in the organization (any letter case)' });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'Where the app opens: an absolute http:// or https:// address, without user name or password' });
const Description = NullableString({ maxLength: 1000 });
const Icon = NullableString({
  maxLength: 64_000,
  description: 'A data: URL (data:image/png;base64,…) of a PNG, JPEG, GIF or WebP image of at most 32 KiB; null removes the icon. SVG and links to other sites are not accepted: icons are served from this server.',
});

export const CreateApp = Obj({ name: Name, url: Url, description: Type.Optional(Description), icon: Type.Optional(Icon) });
export const UpdateApp = Obj({ name: Type.Optional(Name), url: Type.Optional(Url), description: Type.Optional(Description), icon: Type.Optional(Icon) });

export const App = Obj({
  id: Type.String({ description: 'Also the client id once the app signs people in through this server' }),
  name: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  iconUrl: Nullable(Type.String({ description: 'Path of the uploaded icon on this server (changes with each edit), or null' })),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const Assignment = Obj({
  id: Type.String(),
  type: Literals(['user', 'group']),
  user: Nullable(Obj({ id: Type.String(), username: Type.String() })),
  group: Nullable(Obj({ id: Type.String(), name: Type.String() })),
  createdAt: DateTime,
});

export const Assign = Obj(
  {
    userIds: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
    groupIds: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  },
  'Users and/or groups of the organization to assign the app to; ones assigned already are left as they are',
);

export const AssignmentParams = Obj({ org: Slug, id: Uuid, assignmentId: Uuid });

export const UserApp = Obj({
  app: App,
  assigned: Type.Boolean({ description: 'The user has the app through an assignment (direct or by a group)' }),
  direct: Type.Boolean({ description: 'Assigned to the user directly' }),
  groups: Type.Array(Obj({ id: Type.String(), name: Type.String() }), { description: 'Groups the user is in that the app is assigned to' }),
  firstUsedAt: Nullable(DateTime),
  lastUsedAt: Nullable(DateTime),
  uses: Type.Integer({ description: 'Recorded uses (sign-ins into the app through this server)' }),
});
