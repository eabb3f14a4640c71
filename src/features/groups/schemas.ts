import { Type } from 'typebox';
import { DateTime, Nullable, Obj, PageQuery, Slug, Uuid } from '../../http/schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 200, description: 'Unique in the organization, ignoring case; surrounding spaces are dropped' });

export const Group = Obj({
  id: Type.String(),
  name: Type.String(),
  memberCount: Type.Integer({ minimum: 0 }),
  createdAt: DateTime,
});
export const UserGroup = Obj({ id: Type.String(), name: Type.String(), createdAt: DateTime });
export const GroupName = Obj({ name: Name });
export const Member = Obj({
  id: Type.String(),
  username: Type.String(),
  email: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  status: Type.String(),
});
export const MemberParams = Obj({ org: Slug, id: Uuid, userId: Uuid });
export const MembersQuery = Obj(PageQuery);
