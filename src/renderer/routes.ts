// The screens of the app, in one list: the router shows the one whose `name` is the address's screen
// (#/<name>/<arg>?<query>), and the sidebar lists those with a `nav` entry, in this order.
//
// ADDING A SCREEN (people, text, places, timeline, learned tags, ...) is one entry here:
//   { name: 'people', component: PeopleView, nav: { label: (m) => m.people.title, icon: '☺' } },
// then link to it with `show('people')` or `navigate({ screen: 'people', arg: '12' })` from state/app.ts and
// router/router.ts; read `route.arg` / `route.query` in the view for its own state, so Back/Forward and reload
// restore it. A photo opened anywhere is `?photo=<id>` on the current address (openViewer does it).
import type { Component } from 'vue';
import type { Messages } from './i18n/messages.js';
import LibraryView from './views/LibraryView.vue';
import SearchView from './views/SearchView.vue';
import SimilarView from './views/SimilarView.vue';
import DuplicatesView from './views/DuplicatesView.vue';
import SettingsView from './views/SettingsView.vue';
import MapView from './views/MapView.vue';
import TimelineView from './views/TimelineView.vue';
import LearnedTagsView from './views/LearnedTagsView.vue';
import PeopleView from './views/PeopleView.vue';
import { pm } from './views/people-ui.js';

export interface Screen {
  /** the address's first segment, and the sidebar button's test id (`nav-<name>`) */
  name: string;
  component: Component;
  /** listed in the sidebar when set */
  nav?: { label: (m: Messages) => string; icon: string };
  /** stays mounted (hidden) while other screens show, keeping its scroll position and cached pages */
  keepMounted?: boolean;
}

export const SCREENS: readonly Screen[] = [
  { name: 'library', component: LibraryView, nav: { label: (m) => m.nav.library, icon: '▦' }, keepMounted: true },
  { name: 'search', component: SearchView, nav: { label: (m) => m.nav.search, icon: '⌕' } },
  { name: 'people', component: PeopleView, nav: { label: () => pm.value.nav, icon: '☺' } },
  { name: 'timeline', component: TimelineView, nav: { label: (m) => m.places.navTimeline, icon: '☷' } },
  { name: 'map', component: MapView, nav: { label: (m) => m.places.navMap, icon: '◍' } },
  { name: 'similar', component: SimilarView },
  { name: 'duplicates', component: DuplicatesView, nav: { label: (m) => m.nav.duplicates, icon: '❐' } },
  { name: 'learned', component: LearnedTagsView, nav: { label: (m) => m.learn.nav, icon: '✦' } },
  { name: 'settings', component: SettingsView, nav: { label: (m) => m.nav.settings, icon: '⚙' } },
];

/** The screen for an address's screen name; unknown names show the library. */
export function screenFor(name: string): Screen {
  return SCREENS.find((s) => s.name === name) ?? SCREENS[0];
}
