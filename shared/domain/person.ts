import { z } from 'zod';
import { LIMITS, entityId } from './initiative';

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .transform((s) => s.trim());

const personShape = {
  name: text(LIMITS.personName, 'Name').pipe(z.string().min(1, 'Name is required')),
  email: text(LIMITS.email, 'Email').pipe(z.union([z.literal(''), z.email('Not an email address')])),
  title: text(LIMITS.title, 'Title'),
  businessUnit: text(LIMITS.businessUnit, 'Business unit'),
};

export const personCreateInput = z.strictObject({
  ...personShape,
  email: personShape.email.default(''),
  title: personShape.title.default(''),
  businessUnit: personShape.businessUnit.default(''),
});
export type PersonCreateInput = z.input<typeof personCreateInput>;

export const personUpdateInput = z.strictObject({
  id: entityId,
  patch: z.strictObject(personShape).partial(),
});

export interface Person {
  id: number;
  name: string;
  email: string;
  title: string;
  businessUnit: string;
  createdAt: string;
  updatedAt: string;
}

export interface PersonRow extends Person {
  /** How many initiatives name this person in any owner role. */
  ownedCount: number;
}
