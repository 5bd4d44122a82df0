import math


class Circle:
    """A round shape."""

    def __init__(self, radius):
        self.radius = radius

    def area(self):
        return math.pi * self.radius * self.radius


def new_circle(radius):
    return Circle(radius)
