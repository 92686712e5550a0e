/**
 * Entry of the Apps Script bundle: only the functions Apps Script calls. The build wraps this module
 * in an IIFE (`__addon`) and appends plain global declarations for each (see entry-points.ts).
 */
import { TEMPLATES } from '@mmo/templates';
import { createAddon } from './app.js';
import { gasEnv, gasUi } from './gas/env.js';
import type { SettingsForm } from './settings/settings.js';

const addon = createAddon(TEMPLATES, gasUi, gasEnv);

/** May run unauthorised (AuthMode.NONE): builds the menu and nothing else. */
export function onOpen(): void {
  addon.onOpen();
}

/** Installing from the add-on store runs onInstall, not onOpen, in the open document. */
export function onInstall(): void {
  addon.onOpen();
}

export function createTemplate(index: number): void {
  addon.createTemplate(index);
}

export function createForm(index: number): void {
  addon.createForm(index);
}

export function checkSheet(): void {
  addon.checkSheet();
}

export function sendToRmc(): void {
  addon.sendToRmc();
}

export function showRmcStatus(): void {
  addon.showRmcStatus();
}

export function showSettings(): void {
  addon.showSettings();
}

/** Called by the settings dialog through google.script.run. */
export function saveSettings(form: SettingsForm): string {
  return addon.saveSettings(form);
}
