/** A node of card JSON. */
type Json = Record<string, unknown>;

/** Every object in a card (elements, actions, choices…), depth first. */
export function walkCard(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walkCard(item, visit);
  } else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const value of Object.values(node as Json)) walkCard(value, visit);
  }
}

/** All buttons (Action.Execute / Action.Submit) of a card, with their titles and data. */
export function buttonsOf(card: unknown): Array<{ title: string; data: Json }> {
  const buttons: Array<{ title: string; data: Json }> = [];
  walkCard(card, (n) => {
    if (n.type === 'Action.Execute' || n.type === 'Action.Submit') {
      buttons.push({ title: String(n.title), data: (n.data ?? {}) as Json });
    }
  });
  return buttons;
}

/** The button with this exact title; throws with the titles found when absent. */
export function buttonOf(card: unknown, title: string): Json {
  const all = buttonsOf(card);
  const found = all.find((b) => b.title === title);
  if (!found) throw new Error(`no button "${title}"; buttons: ${all.map((b) => b.title).join(' | ')}`);
  return found.data;
}

/** The ids of every input of a given type (e.g. Input.Text) in a card. */
export function inputIdsOf(card: unknown, type = 'Input.Text'): string[] {
  const ids: string[] = [];
  walkCard(card, (n) => {
    if (n.type === type && typeof n.id === 'string') ids.push(n.id);
  });
  return ids;
}

/** All visible text of a card joined (TextBlocks, facts, choices, button titles), for phrase checks. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  walkCard(card, (n) => {
    for (const key of ['text', 'title', 'value', 'label', 'placeholder', 'fallbackText']) {
      if (typeof n[key] === 'string') parts.push(n[key] as string);
    }
  });
  return parts.join('\n');
}
