import { z } from 'zod';

/**
 * The published service-item catalogue as the portal and the mobile H5 read it (GB/T 39046 table 4:
 * the implementation-list fields an applicant needs). The API documents its answers with these
 * schemas and the console derives its types from them.
 */
export const ITEM_AUDIENCES = ['person', 'legal'] as const;
export type ItemAudience = (typeof ITEM_AUDIENCES)[number];

/** 办理形式 (GB/T 39046 A.4): 1 窗口 · 2 电脑端网上 · 3 移动端 · 4 快递 · 9 其他. */
export const ITEM_CHANNELS = ['1', '2', '3', '4', '9'] as const;

/** One required or optional material of an item (申请材料). */
export const ItemMaterialDto = z
  .object({
    code: z.string(),
    name: z.string(),
    required: z.boolean(),
    /** paper 纸质 | electronic 电子 | both 纸质和电子. */
    form: z.enum(['paper', 'electronic', 'both']).optional(),
    /** 原件份数 to show (0: none). */
    originals: z.number().int().min(0).optional(),
    /** 复印件份数 (0: none). */
    copies: z.number().int().min(0).optional(),
    /** 来源渠道, e.g. 申请人自备, 政府部门核发. */
    source: z.string().optional(),
    issuingBody: z.string().optional(),
    /** 填报须知 and 受理标准. */
    notes: z.string().optional(),
    acceptanceStandard: z.string().optional(),
    /** The blank form (空白表格) can be downloaded / filled online. */
    blankForm: z.boolean().optional(),
    basis: z.string().optional(),
  })
  .loose();
export type ItemMaterialDto = z.infer<typeof ItemMaterialDto>;

/** The 办事指南 fields kept in `service_items.guide`; each is optional, the portal shows what is there. */
export const ItemGuideContent = z
  .object({
    legalBasis: z.string().optional(),
    acceptanceConditions: z.string().optional(),
    /** 办理流程 in one line; `steps` the same step by step. */
    process: z.string().optional(),
    steps: z
      .array(z.object({ name: z.string(), description: z.string().optional(), timeLimit: z.string().optional() }))
      .optional(),
    legalDaysNote: z.string().optional(),
    promisedDaysNote: z.string().optional(),
    specialProcedure: z.string().optional(),
    location: z.string().optional(),
    hours: z.string().optional(),
    consultPhone: z.string().optional(),
    complaintPhone: z.string().optional(),
    fee: z
      .object({
        charged: z.boolean(),
        basis: z.string().optional(),
        items: z.array(z.object({ name: z.string(), standard: z.string() })).optional(),
      })
      .optional(),
    results: z.array(z.object({ name: z.string(), type: z.string(), sample: z.string().optional() })).optional(),
    /** 结果送达: how the result reaches the applicant. */
    delivery: z.array(z.string()).optional(),
    channels: z.array(z.enum(ITEM_CHANNELS)).optional(),
    onsiteReason: z.string().optional(),
    appointment: z.boolean().optional(),
    onlinePayment: z.boolean().optional(),
    expressDelivery: z.boolean().optional(),
    coBodies: z.array(z.string()).optional(),
    faq: z.array(z.object({ question: z.string(), answer: z.string() })).optional(),
  })
  .loose();
export type ItemGuideContent = z.infer<typeof ItemGuideContent>;

export const ItemSummaryDto = z.object({
  code: z.string(),
  name: z.string(),
  type: z.string(),
  department: z.object({ code: z.string(), name: z.string() }),
  audience: z.array(z.enum(ITEM_AUDIENCES)),
  themes: z.array(z.string()),
  caseType: z.enum(['instant', 'promised']),
  legalDays: z.number(),
  promisedDays: z.number(),
  dayUnit: z.enum(['working', 'natural']),
  online: z.boolean(),
  onsiteVisits: z.number(),
});
export type ItemSummaryDto = z.infer<typeof ItemSummaryDto>;

/** A theme or department of the catalogue with the number of published items under it. */
export const ItemCatalogueDto = z.object({
  audience: z.enum(ITEM_AUDIENCES),
  themes: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), count: z.number().int() })),
  departments: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
});
export type ItemCatalogueDto = z.infer<typeof ItemCatalogueDto>;
