import type { ReactNode } from 'react';

/**
 * A list as a table (`list`), scrolling sideways on its own when wider than the screen: its
 * caption for assistive technology only, one `<th scope="col">` a column (a null column is left
 * out, e.g. the actions of a reader who may not act), `children` its body rows. On a 360 px phone
 * (`stack-on-phone`) each row is a card and each cell shows its `data-label`, so the rows' cells
 * must carry one.
 */
export function PhoneCardTable({
  testId,
  caption,
  columns,
  children,
}: {
  testId?: string;
  caption: string;
  columns: Array<ReactNode | null>;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className="list stack-on-phone" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) =>
              c === null ? null : (
                <th key={i} scope="col">
                  {c}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
