// Fills the `${{NAME}}` placeholders of the manifest template. Values are substituted into parsed
// JSON strings, never into JSON text, so no value can break the JSON or inject properties.

const PLACEHOLDER = /\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g;

/** Returns a deep copy of `template` with every `${{NAME}}` replaced by `values[NAME]`; throws on an unknown name. */
export function fillTemplate(template: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') {
    return template.replace(PLACEHOLDER, (_match, name: string) => {
      const value = values[name];
      if (value === undefined)
        throw new Error(`the manifest template uses \${{${name}}}, which has no value`);
      return value;
    });
  }
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(
      Object.entries(template).map(([key, item]) => [key, fillTemplate(item, values)]),
    );
  }
  return template;
}
