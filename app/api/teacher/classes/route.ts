import { createClass } from '@/lib/classes/classes';
import { teacherAction } from '@/lib/http/class-route';
import { CreateClassSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** POST {name, timeZone} → 201 {id, joinCode, url}: a new class taught by the caller. */
export async function POST(req: Request) {
  return teacherAction(req, { what: 'create the class', schema: CreateClassSchema, status: 201 }, async (user, body) => {
    const made = await createClass(user, body);
    return { ...made, url: `/teacher/classes/${made.id}` };
  });
}
