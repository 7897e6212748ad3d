/**
 * An address to read aloud or compare: monospace, in groups of four for the eye, and still one
 * unbroken string when selected and copied (the gaps are CSS, not spaces).
 */
export function AddressBlock({ address, testId }: { address: string; testId?: string }) {
  const groups = address.match(/.{1,4}/g) ?? [];
  return (
    <p className="address" translate="no" data-testid={testId}>
      {groups.map((group, i) => (
        <span key={i} className="address-group">
          {group}
        </span>
      ))}
    </p>
  );
}
