export declare const API_TYPES_FILE: string;
export declare function renderApiTypes(doc: { paths: Record<string, unknown> }): Promise<string>;
