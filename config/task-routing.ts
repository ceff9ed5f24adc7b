// Who may be given which task (src/domain/tasks/eligibility.ts applies it, for assignment and
// for pull alike). Data and its types only: nothing here imports from src/.

export interface TaskRoutingRules {
  /** Roles the assignment job gives tasks to. Supervisors oversee the work and are not pushed any. */
  readonly assignedRoles: readonly string[];
  /** Roles that may pull a task for themselves: a supervisor may choose to work one. */
  readonly pullingRoles: readonly string[];
  /**
   * Denials whose fix is a coding question (modifier, diagnosis, procedure): only a certified
   * coder works them. Reason codes as tasks carry them ('CO-4').
   */
  readonly codingReasonCodes: readonly string[];
  /** Certifications that make a person a certified coder. */
  readonly coderCertifications: readonly string[];
  /** Task types that are worked by appealing to the payer. */
  readonly appealTypes: readonly string[];
  /** An appeal-type task above this amount at risk needs a senior (integer cents). */
  readonly seniorAboveCents: number;
}

export const taskRoutingRules: TaskRoutingRules = {
  assignedRoles: ['specialist'],
  pullingRoles: ['specialist', 'supervisor'],
  codingReasonCodes: [
    // modifier, procedure, diagnosis against age/sex/place of service, bundling, invalid codes
    'CO-4', 'CO-5', 'CO-6', 'CO-7', 'CO-8', 'CO-9', 'CO-10', 'CO-11', 'CO-97', 'CO-146', 'CO-167', 'CO-181', 'CO-182', 'CO-236',
    'PR-4', 'PR-11', 'PR-167',
  ],
  coderCertifications: ['CPC', 'CCS', 'CCS-P', 'COC', 'CIC', 'CRC', 'RHIT', 'RHIA'],
  appealTypes: ['denial', 'underpayment'],
  seniorAboveCents: 5_000_00,
};
