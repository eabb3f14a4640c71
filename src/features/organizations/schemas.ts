import { Type } from 'typebox';
import { DateTime, Obj, Slug } from '../../http/schemas.js';
import { OrganizationSettings, OrganizationSettingsPatch } from './settings.js';

export const Organization = Obj({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  settings: OrganizationSettings,
  createdAt: DateTime,
});

export const CreateOrganization = Obj({ slug: Slug, name: Type.String({ minLength: 1, maxLength: 200 }) });
export const UpdateOrganization = Obj({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  settings: Type.Optional(OrganizationSettingsPatch),
});

export const OrganizationList = Obj({ items: Type.Array(Organization) });
