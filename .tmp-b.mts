const m = await import("./bench/.tmp-rules-mixed.ts");
console.log(JSON.stringify((await m.benchRules({ quick: false })).figures));
