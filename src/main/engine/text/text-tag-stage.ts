// What the text read in a photo says it is (a receipt), as automatic tags: decided from the lines the text stage
// stored, so a change of this rule re-tags a library without reading any photo again (a DB read and a few regular
// expressions a photo, docs/text.md). A person's removal of such a tag is a 'user' row that hides it through every
// re-run (TagRepository, SHOWN_TAG_SQL), like the detector's tags.
import type { TagRepository } from '../catalog/tag-repository.js';
import type { Stage, StageContext } from '../pipeline/stage.js';
import { TEXT_TAGS } from '../../../shared/text-types.js';
import { isReceipt, receiptEvidence } from './receipt-rule.js';
import { TEXT_STAGE_VERSION } from './text-models.js';
import type { TextRepository } from './text-repository.js';

/** Bumped when the rule changes. */
const RULE_VERSION = 1;

export class TextTagStage implements Stage {
  readonly name = 'texttags';
  // Derived from the text stage's lines: due again when they may have changed too.
  readonly version = TEXT_STAGE_VERSION * 100 + RULE_VERSION;
  readonly pass = 'deep' as const;
  readonly withPrevious = true;

  constructor(private readonly deps: { text: TextRepository; tags: TagRepository }) {}

  run({ file }: StageContext): Promise<void> {
    const lines = this.deps.text.linesOf(file.id);
    const [receipt] = TEXT_TAGS;
    const tags = isReceipt(receiptEvidence(lines)) ? [{ name: receipt.name, nameZh: receipt.nameZh, confidence: 1 }] : [];
    this.deps.tags.setTextTags(file.id, tags);
    return Promise.resolve();
  }
}
