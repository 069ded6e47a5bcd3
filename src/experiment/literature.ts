/**
 * Figures published in the literature, for context only: their protocols differ from ours
 * and they are never mixed with measured figures (the compare report prints them in a
 * separate, labelled table).
 *
 * @module
 */

/** One published figure. */
export interface LiteratureFigure {
  readonly dataset: string;
  readonly system: string;
  readonly figure: string;
  readonly protocol: string;
  readonly source: string;
}

/** The published figures known to this project (see ../shared/NOTES.md). */
export const LITERATURE: readonly LiteratureFigure[] = Object.freeze([
  {
    dataset: 'emodb',
    system: 'Dual-reservoir LSM (Lotfidereshgi & Gournay, ICASSP 2017)',
    figure: '82.35 % accuracy',
    protocol: 'not stated (full-length Emo-DB; quoted by a survey, only the abstract is public)',
    source: 'Lotfidereshgi & Gournay 2017, as quoted by a survey',
  },
  {
    dataset: 'emodb',
    system: 'openSMILE features + SVM',
    figure: '~86 % accuracy',
    protocol: '10-fold, speakers mixed (full-length Emo-DB)',
    source: 'literature, as summarized in the project notes',
  },
  {
    dataset: 'emodb',
    system: 'openSMILE features + SVM',
    figure: '~73 % accuracy',
    protocol: 'leave-one-speaker-out (full-length Emo-DB)',
    source: 'literature, as summarized in the project notes',
  },
]);
