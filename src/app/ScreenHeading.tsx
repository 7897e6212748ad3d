import { useEffect, useRef, type ReactNode } from 'react';
import { ArrowLeftIcon } from './icons.tsx';

/** A screen's title; it takes focus when the screen appears so keyboard and screen reader users start there. */
export function ScreenHeading({ id, children, visuallyHidden = false }: { id?: string; children: ReactNode; visuallyHidden?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h2 ref={ref} id={id} tabIndex={-1} className={visuallyHidden ? 'screen-title visually-hidden' : 'screen-title'}>
      {children}
    </h2>
  );
}

/** A full screen's top bar: Back, then the title. */
export function ScreenHeader({ id, title, onBack, backLabel = 'Back' }: { id?: string; title: ReactNode; onBack: () => void; backLabel?: string }) {
  return (
    <div className="screen-header">
      <button type="button" className="icon-button" onClick={onBack} aria-label={backLabel} data-testid="screen-back">
        <ArrowLeftIcon />
      </button>
      <ScreenHeading id={id}>{title}</ScreenHeading>
    </div>
  );
}
