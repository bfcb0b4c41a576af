/**
 * A widget's outer element and its claim on the directive's root: the root becomes focusable
 * (tabindex 0, a focus-ring class, an aria-label naming the keys unless the author gave one),
 * and all of it is put back as it was when the widget goes.
 */

export interface Shell {
  /** the widget's top element (class `className`, fixed height), holding `style` first */
  box: HTMLDivElement
  /** the widget's own `<style>` element */
  style: HTMLStyleElement
}

/** The top `div` of a widget, `height` CSS px tall, and its `<style>` element (not yet appended). */
export function createShell(doc: Document, className: string, height: number, css: string): Shell {
  const box = doc.createElement('div')
  box.className = className
  box.style.height = `${height}px`
  const style = doc.createElement('style')
  style.textContent = css
  return { box, style }
}

/**
 * Makes `root` focusable with `focusClass` and (if it has none) `label` as its aria-label, and
 * appends `box` to it. The returned function removes `box` and restores `root`'s attributes.
 */
export function attachShell(root: HTMLElement, box: HTMLElement, focusClass: string, label: string): () => void {
  const hadTabIndex = root.getAttribute('tabindex')
  root.setAttribute('tabindex', '0')
  root.classList.add(focusClass)
  const hadLabel = root.hasAttribute('aria-label')
  if (!hadLabel) root.setAttribute('aria-label', label)
  root.append(box)
  return () => {
    box.remove()
    root.classList.remove(focusClass)
    if (hadTabIndex === null) root.removeAttribute('tabindex')
    else root.setAttribute('tabindex', hadTabIndex)
    if (!hadLabel) root.removeAttribute('aria-label')
  }
}
