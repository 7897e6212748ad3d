/** For text that must stay exactly as typed (passphrases, URLs): no capitals, corrections or spell check. */
export const VERBATIM = { autoCapitalize: 'none', autoCorrect: 'off', spellCheck: false } as const;

/** For codes that must stay exactly as typed or pasted (addresses, peers, recovery words): not suggested, not translated either. */
export const CODE_INPUT = { ...VERBATIM, autoComplete: 'off', translate: 'no' } as const;
