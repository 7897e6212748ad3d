/**
 * Recovery words as a person typed or pasted them, tidied for the engine: lower case, single
 * spaces, without the "1." / "2)" numbering of a written backup. The engine checks the words.
 */
export function normaliseMnemonicInput(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .split(/[\s,;]+/)
    .map((token) => token.replace(/^\d+[.):-]?/, ''))
    .filter((word) => word.length > 0)
    .join(' ');
}

export function countMnemonicWords(text: string): number {
  const normalised = normaliseMnemonicInput(text);
  return normalised === '' ? 0 : normalised.split(' ').length;
}
