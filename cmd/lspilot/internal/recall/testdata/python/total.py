from colors import Palette, blend
from shapes import Circle, new_circle


def total(shapes):
    sum = 0.0
    for shape in shapes:
        sum += shape.area()
    return sum


def unit(labels):
    out = []
    for label in labels:
        circle = new_circle(1)
        circle.label = label
        out.append(circle)
    return out


def paint(shapes):
    palette = blend(Palette("black", "white"), Palette("red", "blue"))
    for shape in shapes:
        shape.palette = palette
    return palette
