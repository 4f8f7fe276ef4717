"""Yunying (运营): operations management built on a company's regulations."""
