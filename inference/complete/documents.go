package complete

// Document is a document of an editor session as it is now, for the
// sources that learn from what the editor opens and changes.
type Document struct {
	// Session, URI, Path and Language are as in Request.
	Session, URI, Path, Language string
	// Text is the whole document.
	Text string
}

// DocumentObserver is a Source that learns from the documents a session
// opens and changes. Observe runs in the order the editor sent them, for
// every change: it must be cheap.
type DocumentObserver interface {
	Observe(doc Document)
}

// Observe passes a session's document, as the editor just opened or changed
// it, to the sources that observe documents. Files the privacy rules
// exclude are not passed.
func (e *Engine) Observe(doc Document) {
	if e.cfg.Private.Excluded(doc.Path) {
		return
	}
	for _, s := range e.cfg.Sources {
		if o, ok := s.(DocumentObserver); ok {
			o.Observe(doc)
		}
	}
}
