import { describe, expect, it } from "vitest";
import { scoreSentiment } from "./sentiment";

const cases: Array<[string, "positive" | "negative" | "neutral"]> = [
  // English
  ["Thank you so much, this is amazing!", "positive"],
  ["love it 😍", "positive"],
  ["Great job guys", "positive"],
  ["The worst customer service I have ever had", "negative"],
  ["My package arrived damaged", "negative"],
  ["still waiting for my refund", "negative"],
  ["I ordered the red one last week", "neutral"],
  ["Good morning, where is my order", "neutral"],
  ["not happy", "negative"],
  ["I don't like the new app", "negative"],
  ["not bad at all", "positive"],
  ["no problem", "positive"],
  ["fast delivery but the box was broken", "negative"],
  // Hebrew
  ["תודה רבה, מעולים!", "positive"],
  ["אלופים, ממליצה בחום", "positive"],
  ["השירות היה גרוע", "negative"],
  ["והשירות היה גרוע", "negative"],
  ["וכשהשליח הגיע החבילה הייתה שבורה", "negative"],
  ["לא מרוצה", "negative"],
  ["לא טוב בכלל", "negative"],
  ["לא רע", "positive"],
  ["אין בעיה", "positive"],
  ["בלי שירות, בלי כלום", "negative"],
  ["חבל על הזמן", "positive"],
  ["בזבוז זמן", "negative"],
  ["הזמנתי אתמול כיסא", "neutral"],
  ["בוקר טוב", "neutral"],
  ["תּוֹדָה רַבָּה", "positive"],
  // Emoji only
  ["😡😡", "negative"],
  ["❤️🙏", "positive"],
  ["👍", "positive"],
  ["🤬", "negative"],
];

describe("scoreSentiment", () => {
  it.each(cases)("%s → %s", (text, label) => {
    const sentiment = scoreSentiment(text);
    expect(sentiment.label).toBe(label);
    expect(sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(sentiment.score).toBeLessThanOrEqual(1);
  });

  it.each([
    ["very good", "good"],
    ["really bad", "bad"],
    ["soooo bad", "bad"],
    ["bad!!!", "bad"],
    ["גרועעעע", "גרוע"],
    ["ממש גרוע", "גרוע"],
    ["מאוד טוב", "טוב"],
    ["כל כך טוב", "טוב"],
  ])("%s is stronger than %s", (strong, plain) => {
    expect(Math.abs(scoreSentiment(strong).score)).toBeGreaterThan(Math.abs(scoreSentiment(plain).score));
  });

  it.each([
    ["happy", "not happy"],
    ["like it", "don't like it"],
    ["מרוצה", "לא מרוצה"],
    ["טוב", "לא כל כך טוב"],
    ["שירות", "אין שירות"],
  ])("negation flips %s → %s", (plain, negated) => {
    const before = scoreSentiment(plain).score;
    const after = scoreSentiment(negated).score;
    expect(Math.sign(after)).toBe(before === 0 ? -1 : -Math.sign(before));
  });

  it("an emoji after a negation keeps its meaning", () => {
    expect(scoreSentiment("not again 😡").label).toBe("negative");
  });

  it("the clause after 'but' / 'אבל' weighs more", () => {
    expect(scoreSentiment("nice staff but the food was awful").label).toBe("negative");
    expect(scoreSentiment("המשלוח התעכב אבל השירות היה מעולה").label).toBe("positive");
  });

  it("'נורא' intensifies a scored word and is negative alone", () => {
    expect(scoreSentiment("נורא טוב").label).toBe("positive");
    expect(scoreSentiment("השירות נורא").label).toBe("negative");
  });

  it("is neutral and zero for text with no scored word", () => {
    expect(scoreSentiment("order 4411 to Haifa")).toEqual({ label: "neutral", score: 0 });
    expect(scoreSentiment("")).toEqual({ label: "neutral", score: 0 });
  });
});
