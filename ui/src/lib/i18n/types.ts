import type en from "./en";

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every language must fill: the English keys, any text. */
export type Dictionary = Strings<typeof en>;
