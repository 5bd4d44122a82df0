// The refactor preview of AI code actions: a WorkspaceEdit whose every
// change carries an annotation that needs confirmation makes VS Code show
// the change in its Refactor Preview, to apply or discard, before anything
// is written. This module must not import 'vscode'.

import {
	ChangeAnnotation,
	TextDocumentEdit,
	WorkspaceEdit,
} from 'vscode-languageserver-protocol';

/** PreviewAnnotation is the annotation id lspilot adds. */
export const PreviewAnnotation = 'lspilot.preview';

/**
 * withPreview returns edit with every change under an annotation that needs
 * confirmation, labelled title. Plain `changes` become documentChanges
 * (without versions); changes already annotated keep their annotation,
 * which then needs confirmation too. The result is a new object.
 */
export function withPreview(edit: WorkspaceEdit, title: string): WorkspaceEdit {
	const annotations: Record<string, ChangeAnnotation> = {};
	for (const [id, a] of Object.entries(edit.changeAnnotations ?? {})) {
		annotations[id] = { ...a, needsConfirmation: true };
	}
	annotations[PreviewAnnotation] = {
		label: title,
		description: 'Proposed by the model: review it, then apply or discard it.',
		needsConfirmation: true,
	};
	const changes: NonNullable<WorkspaceEdit['documentChanges']> = [];
	for (const change of edit.documentChanges ?? []) {
		if (TextDocumentEdit.is(change)) {
			changes.push({ ...change, edits: change.edits.map(annotated) });
		} else {
			changes.push({ ...change, annotationId: change.annotationId ?? PreviewAnnotation });
		}
	}
	for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
		changes.push({ textDocument: { uri, version: null }, edits: edits.map(annotated) });
	}
	return { documentChanges: changes, changeAnnotations: annotations };
}

function annotated(e: TextDocumentEdit['edits'][number]): TextDocumentEdit['edits'][number] {
	return 'annotationId' in e && e.annotationId ? e : { ...e, annotationId: PreviewAnnotation };
}
