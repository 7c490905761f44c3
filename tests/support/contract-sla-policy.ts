/** The CONTRACT §6 example SLA policy, as an admin would send it. */
export const contractSlaPolicy = {
  id: "social-first-response",
  firstResponse: "PT15M",
  nextResponse: "PT1H",
  resolution: "PT24H",
  businessHours: {
    timezone: "Asia/Jerusalem",
    week: { sun: [["09:00", "18:00"]], mon: [["09:00", "18:00"]] },
    holidays: ["2026-12-25"],
  },
  escalations: [
    { at: "80%", actions: [{ type: "notify", url: "https://example.com/hook" }] },
    {
      at: "breach",
      actions: [
        { type: "setPriority", priority: "urgent" },
        { type: "escalate", level: 2 },
      ],
    },
  ],
};
