/// <reference types="google-apps-script" />
/** UiPort over SpreadsheetApp.getUi() and HtmlService. */
import type { Choice, MenuEntry, UiPort } from '../ports.js';

type Ui = GoogleAppsScript.Base.Ui;
type Menu = GoogleAppsScript.Base.Menu;

function addEntries(ui: Ui, menu: Menu, entries: readonly MenuEntry[]): Menu {
  for (const entry of entries) {
    if (entry === 'separator') menu.addSeparator();
    else if ('submenu' in entry) menu.addSubMenu(addEntries(ui, ui.createMenu(entry.label), entry.submenu));
    else menu.addItem(entry.label, entry.handler);
  }
  return menu;
}

export function gasUi(): UiPort {
  let cached: Ui | null = null;
  const ui = () => (cached ??= SpreadsheetApp.getUi());
  return {
    // An add-on menu: it lives under «Расширения» with the project's name («ММО»), the only kind an add-on may add.
    setMenu: (entries) => addEntries(ui(), ui().createAddonMenu(), entries).addToUi(),
    alert: (title, message) => void ui().alert(title, message, ui().ButtonSet.OK),
    confirm: (title, message) => ui().alert(title, message, ui().ButtonSet.YES_NO) === ui().Button.YES,
    choose(title, message): Choice {
      const button = ui().alert(title, message, ui().ButtonSet.YES_NO_CANCEL);
      return button === ui().Button.YES ? 'yes' : button === ui().Button.NO ? 'no' : 'cancel';
    },
    showDialog(html, title, size) {
      ui().showModalDialog(
        HtmlService.createHtmlOutput(html).setWidth(size.width).setHeight(size.height),
        title,
      );
    },
  };
}
