class Palette:
    """The colours of a drawing."""

    def __init__(self, stroke, fill):
        self.stroke = stroke
        self.fill = fill


def blend(first, second):
    return Palette(first.stroke, second.fill)
