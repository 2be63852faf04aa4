import type { KeyboardEvent } from 'react';

export type TabItem = { id: string; label: string; panelId: string };

/**
 * A plain ARIA tab list. Polaris Tabs measures tab widths with physical offsets to decide which
 * tabs overflow into "More": in right-to-left pages it hid tabs under the navigation.
 */
export function TabBar({
  tabs,
  selected,
  onSelect,
  label,
}: {
  tabs: TabItem[];
  selected: number;
  onSelect: (i: number) => void;
  label: string;
}) {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    // Arrow keys follow the reading direction (ArrowRight is "next" in LTR, "previous" in RTL).
    const rtl = document.documentElement.dir === 'rtl';
    const step = e.key === 'ArrowRight' ? (rtl ? -1 : 1) : e.key === 'ArrowLeft' ? (rtl ? 1 : -1) : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + tabs.length) % tabs.length;
    onSelect(next);
    document.getElementById(tabs[next]?.id ?? '')?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="rapport-tabs">
      {tabs.map((tab, i) => (
        <button
          key={tab.id}
          id={tab.id}
          type="button"
          role="tab"
          className="rapport-tabs__tab"
          aria-selected={i === selected}
          aria-controls={tab.panelId}
          tabIndex={i === selected ? 0 : -1}
          onClick={() => onSelect(i)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
