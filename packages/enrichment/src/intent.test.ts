import type { Intent } from "@scrm/core";
import { describe, expect, it } from "vitest";
import { detectIntent } from "./intent";

const cases: Array<[string, Intent]> = [
  // Complaints
  ["My order never arrived", "complaint"],
  ["I want a refund", "complaint"],
  ["the app is not working again", "complaint"],
  ["This is a scam", "complaint"],
  ["worst delivery ever", "complaint"],
  ["ההזמנה לא הגיעה", "complaint"],
  ["אני רוצה החזר", "complaint"],
  ["יש תקלה באתר", "complaint"],
  ["האפליקציה לא עובדת", "complaint"],
  ["מחכה כבר שבוע למשלוח", "complaint"],
  ["רוצה ביטול של ההזמנה", "complaint"],
  // Questions
  ["Do you ship to Eilat?", "question"],
  ["how do I change my address", "question"],
  ["What time do you open", "question"],
  ["Is the blue one back in stock", "question"],
  ["hi where can I find the size chart", "question"],
  ["מתי אתם פותחים?", "question"],
  ["איך מחליפים כתובת", "question"],
  ["יש לכם סניף בחיפה", "question"],
  ["אפשר לקבל חשבונית", "question"],
  ["האם יש משלוח חינם", "question"],
  ["כמה עולה המשלוח", "question"],
  // Praise
  ["Thanks a lot!", "praise"],
  ["love you guys ❤️", "praise"],
  ["Amazing service, highly recommend", "praise"],
  ["תודה רבה!", "praise"],
  ["אלופים, כל הכבוד", "praise"],
  ["ממליץ בחום", "praise"],
  ["אין עליכם", "praise"],
  // Other
  ["I ordered the red one", "other"],
  ["sent you a DM", "other"],
  ["הזמנתי את האפור", "other"],
  ["שלחתי לכם הודעה בפרטי", "other"],
  // Exclamations that start like questions
  ["What a great team!", "praise"],
  ["איזה שירות מעולה", "praise"],
  ["Do not buy from them, total ripoff", "complaint"],
  ["Will never order again", "complaint"],
];

describe("detectIntent", () => {
  it.each(cases)("%s → %s", (text, intent) => {
    expect(detectIntent(text)).toBe(intent);
  });

  describe("precedence: complaint, then question, then praise", () => {
    it.each<[string, Intent, string]>([
      ["Why is my refund taking so long?!", "complaint", "an angry question is a complaint"],
      ["למה אתם לא עונים???", "complaint", "an angry Hebrew question is a complaint"],
      ["where is my order?? this is ridiculous 😡", "complaint", "a question with negative sentiment"],
      ["thanks, but where is my order?", "question", "a question with thanks is a question"],
      ["תודה, מתי זה יגיע?", "question", "a Hebrew question with thanks"],
      ["thanks but it arrived broken", "complaint", "thanks with a complaint cue"],
      ["no problem at all, thanks!", "praise", "a negated complaint cue does not count"],
      ["אין בעיה, תודה", "praise", "a negated Hebrew complaint cue does not count"],
      ["Thanks, problem solved", "praise", "a resolved problem is not a complaint"],
      ["thanks for nothing", "complaint", "sarcastic thanks"],
    ])("%s → %s (%s)", (text, intent) => {
      expect(detectIntent(text)).toBe(intent);
    });
  });

  it("uses a given sentiment instead of scoring again", () => {
    expect(detectIntent("ok", { label: "negative", score: -0.6 })).toBe("complaint");
    expect(detectIntent("ok", { label: "positive", score: 0.6 })).toBe("praise");
    expect(detectIntent("ok", { label: "neutral", score: 0 })).toBe("other");
  });
});
