// Discord's documented payload limits as zod schemas. The stand-in checks every body the bot sends
// against them and answers a violation with Discord's own `400 {code: 50035, "Invalid Form Body"}`,
// so a limit bug fails a test exactly as it would fail in production.
import { z } from 'zod';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  modalTitle: 45,
  labelText: 45,
  textInputLength: 4000,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commands: 100,
} as const;

const customId = z.string().min(1).max(LIMITS.customId);

const button = z
  .object({
    type: z.literal(2),
    style: z.number().int().min(1).max(6),
    label: z.string().min(1).max(LIMITS.buttonLabel).optional(),
    custom_id: customId.optional(),
    url: z.string().optional(),
    disabled: z.boolean().optional(),
    emoji: z.unknown().optional(),
  })
  .refine((b) => (b.style === 5 ? Boolean(b.url) && !b.custom_id : Boolean(b.custom_id) && !b.url), 'a button needs exactly one of custom_id (styles 1-4) or url (style 5)');

const stringSelect = z.object({
  type: z.literal(3),
  custom_id: customId,
  options: z.array(z.object({ label: z.string().min(1).max(100), value: z.string().min(1).max(100) }).passthrough()).min(1).max(LIMITS.selectOptions),
}).passthrough();

const actionRow = z.object({
  type: z.literal(1),
  components: z.union([z.array(button).min(1).max(LIMITS.rowButtons), z.array(stringSelect).length(1)]),
});

const embed = z
  .object({
    title: z.string().max(LIMITS.embedTitle).optional(),
    description: z.string().max(LIMITS.embedDescription).optional(),
    color: z.number().int().min(0).max(0xffffff).optional(),
    fields: z
      .array(z.object({ name: z.string().min(1).max(LIMITS.fieldName), value: z.string().min(1).max(LIMITS.fieldValue), inline: z.boolean().optional() }))
      .max(LIMITS.embedFields)
      .optional(),
    footer: z.object({ text: z.string().min(1).max(LIMITS.footer) }).passthrough().optional(),
    author: z.object({ name: z.string().max(LIMITS.authorName) }).passthrough().optional(),
  })
  .passthrough();

type Embed = z.infer<typeof embed>;

export function embedLength(e: Embed): number {
  const fields = (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + fields + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
}

/** A message body for create/edit/reply/update: every limit Discord applies to one message. */
export const messageBody = z
  .object({
    content: z.string().max(LIMITS.content).nullish(),
    embeds: z.array(embed).max(LIMITS.embeds).nullish(),
    components: z.array(actionRow).max(LIMITS.actionRows).nullish(),
    allowed_mentions: z.object({ parse: z.array(z.enum(['users', 'roles', 'everyone'])).optional() }).passthrough().nullish(),
    flags: z.number().int().nullish(),
    attachments: z.array(z.object({ id: z.union([z.string(), z.number()]), filename: z.string().optional() }).passthrough()).max(10).nullish(),
  })
  .passthrough()
  .superRefine((body, ctx) => {
    const total = (body.embeds ?? []).reduce((n, e) => n + embedLength(e), 0);
    if (total > LIMITS.embedTotal) ctx.addIssue({ code: 'custom', path: ['embeds'], message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}` });
    const ids = (body.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id).filter(Boolean));
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['components'], message: 'Component custom id cannot be duplicated' });
    const attachmentIds = (body.attachments ?? []).map((a) => String(a.id));
    if (new Set(attachmentIds).size !== attachmentIds.length) ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'Attachment ids cannot be duplicated' });
  });

const textInput = z.object({
  type: z.literal(4),
  custom_id: customId,
  style: z.union([z.literal(1), z.literal(2)]),
  label: z.string().max(LIMITS.labelText).optional(),
  min_length: z.number().int().min(0).max(LIMITS.textInputLength).optional(),
  max_length: z.number().int().min(1).max(LIMITS.textInputLength).optional(),
  value: z.string().max(LIMITS.textInputLength).optional(),
  placeholder: z.string().max(100).optional(),
  required: z.boolean().optional(),
});

export const modalBody = z.object({
  title: z.string().min(1).max(LIMITS.modalTitle),
  custom_id: customId,
  components: z
    .array(
      z.union([
        z.object({ type: z.literal(18), label: z.string().min(1).max(LIMITS.labelText), description: z.string().max(100).optional(), component: textInput }),
        z.object({ type: z.literal(1), components: z.array(textInput).length(1) }),
      ]),
    )
    .min(1)
    .max(5),
});

export const autocompleteBody = z.object({
  choices: z
    .array(z.object({ name: z.string().min(1).max(LIMITS.choiceName), value: z.union([z.string().max(LIMITS.choiceValue), z.number()]) }))
    .max(LIMITS.choices),
});

const commandName = z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u).refine((n) => n === n.toLowerCase(), 'command names are lower case');
const description = z.string().min(1).max(LIMITS.commandDescription);

const commandOption: z.ZodType = z.lazy(() =>
  z.object({
    type: z.number().int().min(1).max(11),
    name: commandName,
    description,
    required: z.boolean().optional(),
    autocomplete: z.boolean().optional(),
    choices: z.array(z.object({ name: z.string().min(1).max(LIMITS.choiceName), value: z.union([z.string(), z.number()]) })).max(LIMITS.choices).optional(),
    options: z.array(commandOption).max(LIMITS.commandOptions).optional(),
    min_value: z.number().optional(),
    max_value: z.number().optional(),
    min_length: z.number().optional(),
    max_length: z.number().optional(),
  }).passthrough(),
);

const command = z
  .object({
    name: z.string().min(1).max(LIMITS.commandName),
    type: z.number().int().min(1).max(4).optional(),
    description: z.string().max(LIMITS.commandDescription).optional(),
    options: z.array(commandOption).max(LIMITS.commandOptions).optional(),
    default_member_permissions: z.string().regex(/^\d+$/).nullish(),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    // Chat input commands (type 1) need a lower-case name and a description; menu commands don't.
    if ((c.type ?? 1) !== 1) return;
    if (!commandName.safeParse(c.name).success) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Invalid chat input command name' });
    if (!description.safeParse(c.description).success) ctx.addIssue({ code: 'custom', path: ['description'], message: 'Must be between 1 and 100 in length' });
  });

export const commandList = z.array(command).max(LIMITS.commands);

/** Discord's error body for a failed schema check. */
export function invalidFormBody(error: z.ZodError): { code: number; message: string; errors: Record<string, unknown> } {
  const errors = Object.fromEntries(error.issues.map((i) => [i.path.join('.') || '_root', { _errors: [{ code: 'BASE_TYPE_INVALID', message: i.message }] }]));
  return { code: 50035, message: 'Invalid Form Body', errors };
}
