/**
 * The words a page or a composed body prints around a story's own text, in the story's language
 * (its primary subtag: `fr-CA` reads French). English for any language without its own set.
 */
export interface Labels {
  /** Before an author line: "By Marta Okafor, The Northern Press". */
  readonly by: string;
  /** Before an editor's correction, with its punctuation ("Correction:", "Correction :"). */
  readonly correction: string;
  readonly published: string;
  readonly updated: string;
  /** Before a photo credit that carries no label of its own. */
  readonly photo: string;
  readonly credit: string;
  readonly filedUnder: string;
  readonly inTheFeeds: string;
  readonly onSendersSite: string;
  readonly readFullStory: string;
  readonly withdrawnTitle: string;
  readonly withdrawnNotice: string;
  readonly notFoundTitle: string;
  readonly notFoundNotice: string;
  readonly allFeeds: string;
}

const ENGLISH: Labels = {
  by: 'By',
  correction: 'Correction:',
  published: 'Published',
  updated: 'Updated',
  photo: 'Photo:',
  credit: 'Credit:',
  filedUnder: 'Filed under',
  inTheFeeds: 'In the feeds',
  onSendersSite: 'This story on the sender’s site',
  readFullStory: 'Read the full story',
  withdrawnTitle: 'This story was withdrawn',
  withdrawnNotice: 'It is no longer published. Its feeds no longer carry it.',
  notFoundTitle: 'Nothing is published here',
  notFoundNotice:
    'There is no story or feed at this address: it may not be published yet, or the link is mistyped.',
  allFeeds: 'Every feed of this site',
};

/** French as printed in Canada: a non-breaking space before a colon. */
const FRENCH: Labels = {
  by: 'Par',
  correction: 'Correction\u00a0:',
  published: 'Publié le',
  updated: 'Mis à jour le',
  photo: 'Photo\u00a0:',
  credit: 'Source\u00a0:',
  filedUnder: 'Classé sous',
  inTheFeeds: 'Dans les fils',
  onSendersSite: 'Cet article sur le site de l’expéditeur',
  readFullStory: 'Lire l’article complet',
  withdrawnTitle: 'Cet article a été retiré',
  withdrawnNotice: 'Il n’est plus publié. Ses fils ne le diffusent plus.',
  notFoundTitle: 'Rien n’est publié ici',
  notFoundNotice:
    'Aucun article ni fil à cette adresse\u00a0: il n’est peut-être pas encore publié, ou le lien est erroné.',
  allFeeds: 'Tous les fils de ce site',
};

const BY_LANGUAGE: Readonly<Record<string, Labels>> = { en: ENGLISH, fr: FRENCH };

export function labelsFor(language: string | undefined): Labels {
  const primary = (language ?? '').split('-')[0]?.toLowerCase() ?? '';
  return BY_LANGUAGE[primary] ?? ENGLISH;
}
