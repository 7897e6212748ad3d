/** The recovery words, numbered, top to bottom then the next column, as they are written on paper. */
export function MnemonicGrid({ words, testId = 'mnemonic-words' }: { words: readonly string[]; testId?: string }) {
  const rows = Math.ceil(words.length / 2);
  return (
    <ol className="word-grid" style={{ gridTemplateRows: `repeat(${rows}, auto)` }} translate="no" data-testid={testId}>
      {words.map((word, i) => (
        <li key={i} className="word-cell">
          <span className="word-index" aria-hidden="true">
            {i + 1}
          </span>
          <span className="word" data-testid={`mnemonic-word-${i + 1}`}>
            {word}
          </span>
        </li>
      ))}
    </ol>
  );
}
