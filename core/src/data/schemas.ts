// Record kinds accepted by the pipeline, one zod schema each. Unknown keys are stripped.
import { z } from 'zod';

export const completionSchema = z.object({ prompt: z.string(), completion: z.string() });

export const chatRoleSchema = z.enum(['system', 'user', 'assistant', 'tool']);
export const chatMessageSchema = z.object({ role: chatRoleSchema, content: z.string() });
export const chatSchema = z.object({ messages: z.array(chatMessageSchema).min(1) });

export const classificationSchema = z.object({
  text: z.string(),
  label: z.union([z.string().min(1), z.number().int()]),
});

export const regressionSchema = z.object({ text: z.string(), value: z.number() });

/** IOB2 tag: `O`, `B-TYPE` or `I-TYPE`. */
export const BIO_TAG = /^(?:O|[BI]-\S+)$/;
export const taggingSchema = z
  .object({
    tokens: z.array(z.string()),
    tags: z.array(z.string().regex(BIO_TAG, 'expected a BIO tag (O, B-X or I-X)')),
  })
  .refine((r) => r.tokens.length === r.tags.length, {
    message: 'tags must have the same length as tokens',
    path: ['tags'],
  });

export const qaSchema = z.object({
  context: z.string().optional(),
  question: z.string(),
  answer: z.string(),
});

export type CompletionRecord = z.infer<typeof completionSchema>;
export type ChatRole = z.infer<typeof chatRoleSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatRecord = z.infer<typeof chatSchema>;
export type ClassificationRecord = z.infer<typeof classificationSchema>;
export type RegressionRecord = z.infer<typeof regressionSchema>;
export type TaggingRecord = z.infer<typeof taggingSchema>;
export type QaRecord = z.infer<typeof qaSchema>;

export interface RecordOf {
  completion: CompletionRecord;
  chat: ChatRecord;
  classification: ClassificationRecord;
  regression: RegressionRecord;
  tagging: TaggingRecord;
  qa: QaRecord;
}
export type RecordKind = keyof RecordOf;
export const RECORD_KINDS: readonly RecordKind[] = ['completion', 'chat', 'classification', 'regression', 'tagging', 'qa'];

/** A validated record tagged with its kind. */
export type AnyRecord = { [K in RecordKind]: { kind: K; data: RecordOf[K] } }[RecordKind];

export const recordSchemas: { [K in RecordKind]: z.ZodType<RecordOf[K]> } = {
  completion: completionSchema,
  chat: chatSchema,
  classification: classificationSchema,
  regression: regressionSchema,
  tagging: taggingSchema,
  qa: qaSchema,
};
