// Reads a class's gradebook, a lab's report and a student's timeline from PostgreSQL for a viewer.
// Ownership is in the query (classesManagedBy): a class the viewer does not manage reads as null.
import { db, Role } from '../db';
import { classesManagedBy, type ClassViewer } from '../classes/teaching';
import { labVersion } from '../labs/version';
import { listLabs } from '../labs/loader';
import { buildGradebook, effectiveAttempts, type Gradebook, type GradebookAssignment, type GradeRow } from './grades';
import { checkPassRates, medianAttemptsToFullScore, mostCommonFailingCheck, scoreDistribution, type AttemptsToFullScore, type CheckPassRate, type FailingCheck, type ScoreBin } from './lab-stats';

export type GradebookClass = { id: string; name: string; timeZone: string; archivedAt: Date | null };

const gradeRowSelect = {
  id: true, userId: true, labId: true, kind: true, regradeOfId: true, status: true,
  score: true, maxScore: true, labVersion: true, createdAt: true, finishedAt: true,
} as const;

/** The current version of each lab (null for a lab whose folder is gone or unreadable). */
export async function currentLabVersions(labIds: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const id of labIds) out.set(id, await labVersion(id).catch(() => null));
  return out;
}

/**
 * The class (when the viewer manages it: its teacher, or an admin), its students (members with
 * the STUDENT role, by name then e-mail) and its assignments (by creation) with lab titles and
 * maximum points. Null when the class does not exist or the viewer may not manage it.
 */
async function loadClass(viewer: ClassViewer, classroomId: string) {
  if (typeof classroomId !== 'string' || classroomId.length === 0 || classroomId.length > 100) return null;
  const room = await db.classroom.findFirst({
    where: { AND: [{ id: classroomId }, classesManagedBy(viewer)] },
    select: {
      id: true, name: true, timeZone: true, archivedAt: true,
      members: {
        where: { user: { role: Role.STUDENT } },
        orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
        select: { user: { select: { id: true, name: true, email: true } } },
      },
      assignments: { orderBy: [{ createdAt: 'asc' }, { labId: 'asc' }], select: { labId: true, dueAt: true } },
    },
  });
  if (!room) return null;
  const labs = new Map((await listLabs()).map((l) => [l.id, l]));
  const versions = await currentLabVersions(room.assignments.map((a) => a.labId));
  const assignments: GradebookAssignment[] = room.assignments.map((a) => ({
    labId: a.labId,
    title: labs.get(a.labId)?.title ?? a.labId,
    dueAt: a.dueAt,
    maxScore: labs.get(a.labId)?.maxScore ?? null,
    currentVersion: versions.get(a.labId) ?? null,
  }));
  return {
    classroom: { id: room.id, name: room.name, timeZone: room.timeZone, archivedAt: room.archivedAt } satisfies GradebookClass,
    students: room.members.map((m) => m.user),
    assignments,
  };
}

/** The submissions (attempts and regrades) of these students for these labs. */
async function gradeRows(studentIds: readonly string[], labIds: readonly string[]): Promise<GradeRow[]> {
  if (studentIds.length === 0 || labIds.length === 0) return [];
  return db.submission.findMany({
    where: { userId: { in: [...studentIds] }, labId: { in: [...labIds] } },
    select: gradeRowSelect,
    orderBy: { createdAt: 'asc' },
  });
}

export type ClassGradebook = { classroom: GradebookClass; gradebook: Gradebook };

/** Students × assigned labs of a class the viewer manages (see buildGradebook); null otherwise. */
export async function loadClassGradebook(viewer: ClassViewer, classroomId: string): Promise<ClassGradebook | null> {
  const c = await loadClass(viewer, classroomId);
  if (!c) return null;
  const rows = await gradeRows(c.students.map((s) => s.id), c.assignments.map((a) => a.labId));
  return { classroom: c.classroom, gradebook: buildGradebook(c.students, c.assignments, rows) };
}

export type LabReport = {
  classroom: GradebookClass;
  assignment: GradebookAssignment;
  /** Students of the class with at least one graded attempt, and the class size. */
  gradedStudents: number;
  students: number;
  /** Each graded student's best counting score, binned on [0, maxScore]. */
  distribution: ScoreBin[];
  /** Over every graded attempt's counting grade. */
  passRates: CheckPassRate[];
  mostFailed: FailingCheck | null;
  toFullScore: AttemptsToFullScore;
  /** Graded attempts whose counting grade is from another lab version (what "regrade all" would queue). */
  outdated: number;
  regradesPending: number;
};

/**
 * One assigned lab of a class the viewer manages: distribution of students' best scores, pass rate
 * per check, the most failed check with its most frequent feedback, median attempts to full score.
 * Null when the class is not the viewer's or the lab is not assigned to it.
 */
export async function loadLabReport(viewer: ClassViewer, classroomId: string, labId: string): Promise<LabReport | null> {
  const c = await loadClass(viewer, classroomId);
  const assignment = c?.assignments.find((a) => a.labId === labId);
  if (!c || !assignment) return null;
  const rows = await gradeRows(c.students.map((s) => s.id), [labId]);
  const attempts = effectiveAttempts(rows);
  const graded = attempts.filter((a) => a.gradeId !== null);
  const best = new Map<string, number>();
  for (const a of graded) best.set(a.userId, Math.max(best.get(a.userId) ?? 0, a.score ?? 0));
  const maxScore = assignment.maxScore ?? Math.max(0, ...graded.map((a) => a.maxScore ?? 0));
  const checks = graded.length === 0 ? [] : await db.checkResult.findMany({
    where: { submissionId: { in: graded.map((a) => a.gradeId as string) } },
    select: { submissionId: true, checkId: true, title: true, position: true, passed: true, feedback: true },
  });
  const current = assignment.currentVersion;
  return {
    classroom: c.classroom,
    assignment,
    gradedStudents: best.size,
    students: c.students.length,
    distribution: scoreDistribution([...best.values()], maxScore),
    passRates: checkPassRates(checks),
    mostFailed: mostCommonFailingCheck(checks),
    toFullScore: medianAttemptsToFullScore(attempts),
    outdated: graded.filter((a) => current !== null && a.labVersion !== current && !a.regradePending).length,
    regradesPending: attempts.filter((a) => a.regradePending).length,
  };
}

export type TimelineEntry = {
  id: string;
  labId: string;
  labTitle: string;
  kind: 'ATTEMPT' | 'REGRADE';
  regradeOfId: string | null;
  status: string;
  score: number | null;
  maxScore: number | null;
  labVersion: string | null;
  createdAt: Date;
  /** Submitted after the assignment's due date (attempts only). */
  late: boolean;
};

export type StudentTimeline = {
  classroom: GradebookClass;
  student: { id: string; name: string; email: string };
  entries: TimelineEntry[];
};

/**
 * A student's submissions (attempts and regrades) to the labs assigned in a class the viewer
 * manages, newest first. Null when the class is not the viewer's or the student is not in it.
 */
export async function loadStudentTimeline(viewer: ClassViewer, classroomId: string, studentId: string): Promise<StudentTimeline | null> {
  const c = await loadClass(viewer, classroomId);
  const student = c?.students.find((s) => s.id === studentId);
  if (!c || !student) return null;
  const due = new Map(c.assignments.map((a) => [a.labId, a.dueAt]));
  const titles = new Map(c.assignments.map((a) => [a.labId, a.title]));
  const rows = await gradeRows([student.id], [...due.keys()]);
  return {
    classroom: c.classroom,
    student,
    entries: rows.reverse().map((r) => {
      const dueAt = due.get(r.labId) ?? null;
      return {
        id: r.id, labId: r.labId, labTitle: titles.get(r.labId) ?? r.labId, kind: r.kind, regradeOfId: r.regradeOfId,
        status: r.status, score: r.score, maxScore: r.maxScore, labVersion: r.labVersion, createdAt: r.createdAt,
        late: r.kind === 'ATTEMPT' && r.status !== 'FAILED' && dueAt !== null && r.createdAt.getTime() > dueAt.getTime(),
      };
    }),
  };
}
