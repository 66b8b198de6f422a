//! Clipping, simplification and ring orientation.
//!
//! Clipping and simplification work in projected (pixel) space: an SVG map
//! only needs the part of a country or route that falls inside its viewport,
//! and simplifying to a sub-pixel tolerance keeps documents small without a
//! visible change. Ring orientation works on lon/lat rings because RFC 7946
//! prescribes the winding of GeoJSON polygons.

/// An axis-aligned rectangle. Used as the clip window for the SVG viewport
/// and as the bounding box of labels and obstacles.
///
/// Invariant expected by every function here: `x0 <= x1` and `y0 <= y1`
/// ([`Rect::new`] establishes it from any two corners).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// Builds a rectangle from two opposite corners in any order.
    pub fn new(xa: f64, ya: f64, xb: f64, yb: f64) -> Rect {
        Rect {
            x0: xa.min(xb),
            y0: ya.min(yb),
            x1: xa.max(xb),
            y1: ya.max(yb),
        }
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether `p` lies inside or on the border.
    pub fn contains_point(&self, p: (f64, f64)) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }

    /// Whether `other` lies entirely inside this rectangle (borders may touch).
    pub fn contains_rect(&self, other: &Rect) -> bool {
        other.x0 >= self.x0 && other.x1 <= self.x1 && other.y0 >= self.y0 && other.y1 <= self.y1
    }

    /// Whether the interiors overlap. Rectangles that only share an edge or a
    /// corner do not, so labels may sit flush against each other. A
    /// zero-size rectangle (a point) overlaps when strictly inside.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// The point of the rectangle (border included) closest to `p`.
    pub fn closest_point(&self, p: (f64, f64)) -> (f64, f64) {
        (p.0.clamp(self.x0, self.x1), p.1.clamp(self.y0, self.y1))
    }
}

/// One side of the clip window, as used by Sutherland–Hodgman.
#[derive(Clone, Copy)]
enum Edge {
    Left(f64),
    Right(f64),
    Top(f64),
    Bottom(f64),
}

impl Edge {
    fn inside(self, p: (f64, f64)) -> bool {
        match self {
            Edge::Left(x) => p.0 >= x,
            Edge::Right(x) => p.0 <= x,
            Edge::Top(y) => p.1 >= y,
            Edge::Bottom(y) => p.1 <= y,
        }
    }

    /// Where segment `p`–`q` meets this edge's line. The clipped coordinate
    /// is set exactly to the edge value so that results never drift outside
    /// the window by rounding.
    fn intersect(self, p: (f64, f64), q: (f64, f64)) -> (f64, f64) {
        match self {
            Edge::Left(x) | Edge::Right(x) => {
                let t = (x - p.0) / (q.0 - p.0);
                (x, p.1 + t * (q.1 - p.1))
            }
            Edge::Top(y) | Edge::Bottom(y) => {
                let t = (y - p.1) / (q.1 - p.1);
                (p.0 + t * (q.0 - p.0), y)
            }
        }
    }
}

/// Clips one polygon ring to `r` (Sutherland–Hodgman).
///
/// The window is convex, so one pass per side suffices. A ring that is
/// concave across the window may come back with zero-width edges running
/// along the border; that is harmless for filling, which is all the SVG
/// writer does with the result.
///
/// The ring may be given open or closed (first point repeated at the end);
/// the result has the same form. A ring entirely inside comes back
/// unchanged, and one entirely outside (or with fewer than three points
/// left after clipping) gives an empty vector.
pub fn clip_polygon(ring: &[(f64, f64)], r: &Rect) -> Vec<(f64, f64)> {
    let closed = ring.len() > 1 && ring.first() == ring.last();
    let open = if closed {
        &ring[..ring.len() - 1]
    } else {
        ring
    };
    let mut current: Vec<(f64, f64)> = open.to_vec();
    let mut next = Vec::with_capacity(current.len() + 4);
    for edge in [
        Edge::Left(r.x0),
        Edge::Right(r.x1),
        Edge::Top(r.y0),
        Edge::Bottom(r.y1),
    ] {
        let Some(&last) = current.last() else { break };
        next.clear();
        let mut prev = last;
        for &cur in &current {
            match (edge.inside(prev), edge.inside(cur)) {
                (true, true) => next.push(cur),
                (true, false) => next.push(edge.intersect(prev, cur)),
                (false, true) => {
                    next.push(edge.intersect(prev, cur));
                    next.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
        std::mem::swap(&mut current, &mut next);
    }
    if current.len() < 3 {
        return Vec::new();
    }
    if closed {
        current.push(current[0]);
    }
    current
}

/// The parameter range `[t0, t1]` of segment `p + t·(q − p)` that lies in
/// `r` (Liang–Barsky), or `None` if the segment misses the window or only
/// touches it in a single point.
fn clip_segment(p: (f64, f64), q: (f64, f64), r: &Rect) -> Option<(f64, f64)> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (denominator, numerator) in [
        (-dx, p.0 - r.x0),
        (dx, r.x1 - p.0),
        (-dy, p.1 - r.y0),
        (dy, r.y1 - p.1),
    ] {
        if denominator == 0.0 {
            if numerator < 0.0 {
                return None;
            }
        } else {
            let t = numerator / denominator;
            if denominator < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    // A zero-length segment inside the window is kept (it continues a line);
    // a proper segment that only grazes a corner is not.
    let degenerate = dx == 0.0 && dy == 0.0;
    (t0 < t1 || (degenerate && t0 <= t1)).then_some((t0, t1))
}

/// Clips a polyline to `r`, returning the visible pieces in order.
///
/// Each segment is clipped with Liang–Barsky; consecutive segments that stay
/// visible through their shared vertex are joined into one piece, so a route
/// that leaves and re-enters the viewport becomes several pieces. Original
/// vertices are kept bit-for-bit; new border points are clamped into `r`.
/// Lines with fewer than two points produce no pieces.
pub fn clip_polyline(line: &[(f64, f64)], r: &Rect) -> Vec<Vec<(f64, f64)>> {
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    // Whether `current` ends at the original vertex the next segment starts from.
    let mut reaches_vertex = false;
    for pair in line.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let Some((t0, t1)) = clip_segment(p, q, r) else {
            reaches_vertex = false;
            continue;
        };
        let along = |t: f64| {
            let x = (p.0 + t * (q.0 - p.0)).clamp(r.x0, r.x1);
            let y = (p.1 + t * (q.1 - p.1)).clamp(r.y0, r.y1);
            (x, y)
        };
        let start = if t0 == 0.0 { p } else { along(t0) };
        let end = if t1 == 1.0 { q } else { along(t1) };
        if !(reaches_vertex && t0 == 0.0) {
            if current.len() >= 2 {
                pieces.push(std::mem::take(&mut current));
            }
            current.clear();
            current.push(start);
        }
        current.push(end);
        reaches_vertex = t1 == 1.0;
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Squared distance from `p` to the segment `a`–`b` (to `a` if the segment
/// is a point). Squared, because Douglas–Peucker only compares distances and
/// the square root would dominate the cost on long inputs.
fn segment_distance_sq(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (p.0 - (a.0 + t * dx), p.1 - (a.1 + t * dy));
    ex * ex + ey * ey
}

/// Marks the Douglas–Peucker survivors of `points[first..=last]` in `keep`.
///
/// Uses an explicit stack of index ranges rather than recursion so that a
/// pathological input (a million-point border or track) cannot overflow the
/// call stack.
fn mark_douglas_peucker(
    points: &[(f64, f64)],
    first: usize,
    last: usize,
    tolerance: f64,
    keep: &mut [bool],
) {
    let tolerance_sq = tolerance * tolerance;
    keep[first] = true;
    keep[last] = true;
    let mut stack = vec![(first, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut far_index, mut far_dist) = (a, -1.0);
        for (i, &p) in points.iter().enumerate().take(b).skip(a + 1) {
            let d = segment_distance_sq(p, points[a], points[b]);
            if d > far_dist {
                far_index = i;
                far_dist = d;
            }
        }
        if far_dist > tolerance_sq {
            keep[far_index] = true;
            stack.push((a, far_index));
            stack.push((far_index, b));
        }
    }
}

/// Non-finite or negative tolerances mean "drop only exactly redundant
/// points" rather than silently deleting everything.
fn sanitize_tolerance(tolerance: f64) -> f64 {
    if tolerance >= 0.0 { tolerance } else { 0.0 }
}

/// Simplifies an open polyline with Douglas–Peucker.
///
/// The first and last points are always kept, the output is a subsequence
/// of the input (never longer), and every removed point lies within
/// `tolerance` of the simplified line. Distances are measured to segments,
/// not infinite lines, so hairpin turns of routes survive.
pub fn simplify(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if points.len() <= 2 {
        return points.to_vec();
    }
    let tolerance = sanitize_tolerance(tolerance);
    let mut keep = vec![false; points.len()];
    mark_douglas_peucker(points, 0, points.len() - 1, tolerance, &mut keep);
    points
        .iter()
        .zip(&keep)
        .filter(|&(_, &k)| k)
        .map(|(&p, _)| p)
        .collect()
}

/// Simplifies a polygon ring with Douglas–Peucker.
///
/// A ring has no natural endpoints, so it is cut at its first point and at
/// the point farthest from it, and both halves are simplified; this keeps
/// the ring's extent instead of collapsing it onto an arbitrary chord.
///
/// The result is always closed (first point repeated at the end) with at
/// least 4 positions, as RFC 7946 requires for a linear ring; if fewer than
/// three distinct corners survive (the ring is thinner than `tolerance`) the
/// result is empty so that the caller drops the ring.
///
/// Douglas–Peucker alone can make a ring cross itself (a dropped corner
/// lets an edge cut across a narrow bay, a thin island can turn inside
/// out). A simple ring stays simple and keeps its winding: a result that
/// crosses itself or winds the other way is simplified again with half
/// the tolerance, and after four tries the ring is kept as it was.
pub fn simplify_ring(ring: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let mut tolerance = sanitize_tolerance(tolerance);
    let winding = ring_area(ring).signum();
    for _ in 0..4 {
        let out = douglas_peucker_ring(ring, tolerance);
        if out.is_empty() || (ring_area(&out).signum() == winding && !crosses_itself(&out)) {
            return out;
        }
        tolerance /= 2.0;
    }
    let mut whole = ring.to_vec();
    if whole.len() > 1 && whole.first() != whole.last() {
        whole.push(whole[0]);
    }
    if whole.len() < 4 { Vec::new() } else { whole }
}

/// Whether a closed ring has two edges that cross or touch, other than
/// neighbours meeting at their shared corner. A sweep over the edges in
/// order of their left ends: only edges whose x ranges overlap are
/// compared.
pub fn crosses_itself(ring: &[(f64, f64)]) -> bool {
    let n = ring.len().saturating_sub(1);
    if n < 3 {
        return false;
    }
    let x_min = |i: usize| ring[i].0.min(ring[i + 1].0);
    let x_max = |i: usize| ring[i].0.max(ring[i + 1].0);
    let mut edges: Vec<usize> = (0..n).collect();
    edges.sort_by(|&a, &b| x_min(a).total_cmp(&x_min(b)));
    let mut active: Vec<usize> = Vec::new();
    for &e in &edges {
        let left = x_min(e);
        active.retain(|&a| x_max(a) >= left);
        for &a in &active {
            let (lo, hi) = (a.min(e), a.max(e));
            let touches = if hi == lo + 1 {
                folds_back(ring[lo], ring[hi], ring[hi + 1])
            } else if lo == 0 && hi == n - 1 {
                folds_back(ring[n - 1], ring[0], ring[1])
            } else {
                segments_touch(ring[a], ring[a + 1], ring[e], ring[e + 1])
            };
            if touches {
                return true;
            }
        }
        active.push(e);
    }
    false
}

/// Whether the edges p–corner and corner–q, neighbours in a ring, lie
/// along one line on the same side of the corner (a spike folded back).
fn folds_back(p: (f64, f64), corner: (f64, f64), q: (f64, f64)) -> bool {
    let (u, v) = (
        (p.0 - corner.0, p.1 - corner.1),
        (q.0 - corner.0, q.1 - corner.1),
    );
    u.0 * v.1 - u.1 * v.0 == 0.0 && u.0 * v.0 + u.1 * v.1 > 0.0
}

/// Whether segments pq and rs share a point.
fn segments_touch(p: (f64, f64), q: (f64, f64), r: (f64, f64), s: (f64, f64)) -> bool {
    let orient = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        let v = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
        if v > 0.0 {
            1
        } else if v < 0.0 {
            -1
        } else {
            0
        }
    };
    let on = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        c.0 >= a.0.min(b.0) && c.0 <= a.0.max(b.0) && c.1 >= a.1.min(b.1) && c.1 <= a.1.max(b.1)
    };
    let (d1, d2, d3, d4) = (
        orient(r, s, p),
        orient(r, s, q),
        orient(p, q, r),
        orient(p, q, s),
    );
    if d1 * d2 < 0 && d3 * d4 < 0 {
        return true;
    }
    (d1 == 0 && on(r, s, p))
        || (d2 == 0 && on(r, s, q))
        || (d3 == 0 && on(p, q, r))
        || (d4 == 0 && on(p, q, s))
}

/// One Douglas–Peucker pass over a ring (see [`simplify_ring`]).
fn douglas_peucker_ring(ring: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let closed = ring.len() > 1 && ring.first() == ring.last();
    let open = if closed {
        &ring[..ring.len() - 1]
    } else {
        ring
    };
    if open.len() < 3 {
        return Vec::new();
    }
    let origin = open[0];
    let far = (1..open.len())
        .max_by(|&i, &j| {
            let di = (open[i].0 - origin.0).hypot(open[i].1 - origin.1);
            let dj = (open[j].0 - origin.0).hypot(open[j].1 - origin.1);
            di.total_cmp(&dj).then(j.cmp(&i))
        })
        .unwrap_or(1);
    // Work on the closed sequence so the second half can end at the origin.
    let mut closed_pts = open.to_vec();
    closed_pts.push(origin);
    let last = closed_pts.len() - 1;
    let mut keep = vec![false; closed_pts.len()];
    mark_douglas_peucker(&closed_pts, 0, far, tolerance, &mut keep);
    mark_douglas_peucker(&closed_pts, far, last, tolerance, &mut keep);
    let mut out: Vec<(f64, f64)> = closed_pts
        .iter()
        .zip(&keep)
        .filter(|&(_, &k)| k)
        .map(|(&p, _)| p)
        .collect();
    out.dedup();
    // `out` is closed; it needs three corners besides the repeated origin.
    if out.len() < 4 {
        return Vec::new();
    }
    out
}

/// Signed area of a ring by the shoelace formula; open or closed rings give
/// the same value.
///
/// Positive means counter-clockwise when the y axis points up, as it does
/// for lon/lat. In SVG pixel space the y axis points down, so there the sign
/// is reversed.
pub fn ring_area(ring: &[(f64, f64)]) -> f64 {
    let Some(&last) = ring.last() else { return 0.0 };
    let mut prev = last;
    let mut twice = 0.0;
    for &p in ring {
        twice += prev.0 * p.1 - p.0 * prev.1;
        prev = p;
    }
    twice / 2.0
}

/// Whether a lon/lat ring winds counter-clockwise. Degenerate (zero-area)
/// rings are not.
pub fn is_ccw(ring: &[(f64, f64)]) -> bool {
    ring_area(ring) > 0.0
}

/// Orients a lon/lat ring the way RFC 7946 (section 3.1.6) asks:
/// counter-clockwise for an exterior ring, clockwise for a hole.
///
/// Takes a slice (a `&mut Vec` coerces to it) because orientation only
/// reverses in place, and reversing keeps a closed ring closed. Zero-area
/// rings are left alone because they have no orientation to fix. Rings that
/// cross the antimeridian must be split first, since their planar area is
/// meaningless.
pub fn orient_ccw(ring: &mut [(f64, f64)], exterior: bool) {
    let area = ring_area(ring);
    if (exterior && area < 0.0) || (!exterior && area > 0.0) {
        ring.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VIEW: Rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 100.0,
        y1: 50.0,
    };

    fn inside_with_tolerance(p: (f64, f64), r: &Rect) -> bool {
        let e = 1e-9;
        p.0 >= r.x0 - e && p.0 <= r.x1 + e && p.1 >= r.y0 - e && p.1 <= r.y1 + e
    }

    #[test]
    fn rect_helpers() {
        let r = Rect::new(10.0, 5.0, 0.0, 0.0);
        assert_eq!(
            r,
            Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 10.0,
                y1: 5.0
            }
        );
        assert_eq!((r.width(), r.height(), r.center()), (10.0, 5.0, (5.0, 2.5)));
        assert!(r.contains_point((10.0, 5.0)));
        let touching = Rect::new(10.0, 0.0, 20.0, 5.0);
        assert!(!r.overlaps(&touching));
        assert!(r.overlaps(&Rect::new(9.0, 1.0, 20.0, 2.0)));
        let point = Rect::new(3.0, 3.0, 3.0, 3.0);
        assert!(r.overlaps(&point) && point.overlaps(&r));
        assert_eq!(r.closest_point((20.0, -3.0)), (10.0, 0.0));
    }

    #[test]
    fn polygon_inside_is_unchanged() {
        let ring = vec![
            (10.0, 10.0),
            (20.0, 10.0),
            (20.0, 20.0),
            (10.0, 20.0),
            (10.0, 10.0),
        ];
        assert_eq!(clip_polygon(&ring, &VIEW), ring);
        let open = &ring[..4];
        assert_eq!(clip_polygon(open, &VIEW), open.to_vec());
    }

    #[test]
    fn polygon_outside_is_empty() {
        let ring = [(200.0, 10.0), (220.0, 10.0), (220.0, 20.0), (200.0, 20.0)];
        assert!(clip_polygon(&ring, &VIEW).is_empty());
        assert!(clip_polygon(&[], &VIEW).is_empty());
    }

    #[test]
    fn polygon_covering_window_becomes_window() {
        let ring = [(-10.0, -10.0), (110.0, -10.0), (110.0, 60.0), (-10.0, 60.0)];
        let clipped = clip_polygon(&ring, &VIEW);
        assert_eq!(clipped.len(), 4);
        assert!((ring_area(&clipped).abs() - 5000.0).abs() < 1e-9);
    }

    #[test]
    fn polygon_partly_inside() {
        let ring = [
            (50.0, 25.0),
            (150.0, 25.0),
            (150.0, 40.0),
            (50.0, 40.0),
            (50.0, 25.0),
        ];
        let clipped = clip_polygon(&ring, &VIEW);
        assert_eq!(clipped.first(), clipped.last());
        assert!((ring_area(&clipped).abs() - 750.0).abs() < 1e-9);
    }

    #[test]
    fn polyline_leaving_and_reentering() {
        let line = [
            (10.0, 10.0),
            (50.0, 10.0),
            (150.0, 10.0),
            (150.0, 30.0),
            (50.0, 30.0),
            (40.0, 30.0),
        ];
        let pieces = clip_polyline(&line, &VIEW);
        assert_eq!(
            pieces,
            vec![
                vec![(10.0, 10.0), (50.0, 10.0), (100.0, 10.0)],
                vec![(100.0, 30.0), (50.0, 30.0), (40.0, 30.0)]
            ]
        );
    }

    #[test]
    fn polyline_crossing_window() {
        let pieces = clip_polyline(&[(-50.0, 25.0), (150.0, 25.0)], &VIEW);
        assert_eq!(pieces, vec![vec![(0.0, 25.0), (100.0, 25.0)]]);
        assert!(clip_polyline(&[(-50.0, -25.0), (150.0, -25.0)], &VIEW).is_empty());
        assert!(clip_polyline(&[(5.0, 5.0)], &VIEW).is_empty());
        // Grazing a corner only is not visible.
        assert!(clip_polyline(&[(-10.0, 10.0), (10.0, -10.0)], &VIEW).is_empty());
    }

    #[test]
    fn simplify_basics() {
        let line = [
            (0.0, 0.0),
            (1.0, 0.1),
            (2.0, -0.1),
            (3.0, 5.0),
            (4.0, 6.5),
            (5.0, 7.0),
        ];
        assert_eq!(
            simplify(&line, 0.5),
            vec![(0.0, 0.0), (2.0, -0.1), (3.0, 5.0), (5.0, 7.0)]
        );
        assert_eq!(simplify(&line, 0.0).len(), line.len());
        assert_eq!(simplify(&line, f64::NAN).len(), line.len());
        assert_eq!(simplify(&line[..2], 10.0), line[..2].to_vec());
        assert_eq!(simplify(&line, 100.0), vec![line[0], line[5]]);
    }

    #[test]
    fn simplify_keeps_hairpin() {
        // A route that goes out and comes back along the same line.
        let line = [(0.0, 0.0), (10.0, 0.0), (0.0, 0.1)];
        assert_eq!(simplify(&line, 1.0), line.to_vec());
    }

    #[test]
    fn simplify_million_points_without_overflow() {
        let line: Vec<(f64, f64)> = (0..1_000_000)
            .map(|i| {
                (
                    i as f64,
                    (i as f64 * 2e-5).sin() * 1000.0 + (i % 7) as f64 * 0.01,
                )
            })
            .collect();
        let out = simplify(&line, 0.5);
        assert_eq!(out.first(), line.first());
        assert_eq!(out.last(), line.last());
        assert!(out.len() > 10 && out.len() < 10_000, "{}", out.len());
    }

    #[test]
    fn simplify_ring_keeps_shape_or_collapses() {
        let square = [
            (0.0, 0.0),
            (5.0, 0.01),
            (10.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (0.0, 0.0),
        ];
        let out = simplify_ring(&square, 0.5);
        assert_eq!(
            out,
            vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0)
            ]
        );
        let sliver = [(0.0, 0.0), (10.0, 0.1), (20.0, 0.0), (10.0, -0.1)];
        assert!(simplify_ring(&sliver, 1.0).is_empty());
        assert_eq!(simplify_ring(&sliver, 0.01).len(), 5);
        assert!(simplify_ring(&[(0.0, 0.0), (1.0, 1.0)], 0.0).is_empty());
    }

    #[test]
    fn orientation() {
        let ccw = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)];
        assert_eq!(ring_area(&ccw), 1.0);
        assert_eq!(ring_area(&ccw[..4]), 1.0);
        assert!(is_ccw(&ccw));
        let mut ring = ccw.clone();
        orient_ccw(&mut ring, false);
        assert!(!is_ccw(&ring));
        assert_eq!(ring.first(), ring.last());
        orient_ccw(&mut ring, true);
        assert_eq!(ring, ccw);
        orient_ccw(&mut ring, true);
        assert_eq!(ring, ccw);
    }

    fn point() -> impl Strategy<Value = (f64, f64)> {
        (-200.0..300.0f64, -200.0..250.0f64)
    }

    proptest! {
        #[test]
        fn clipped_polygon_is_inside(ring in prop::collection::vec(point(), 3..40)) {
            for p in clip_polygon(&ring, &VIEW) {
                prop_assert!(inside_with_tolerance(p, &VIEW), "{:?}", p);
            }
        }

        #[test]
        fn polygon_inside_unchanged(ring in prop::collection::vec((0.0..100.0f64, 0.0..50.0f64), 3..40)) {
            prop_assert_eq!(clip_polygon(&ring, &VIEW), ring);
        }

        #[test]
        fn polygon_outside_empty(ring in prop::collection::vec((101.0..500.0f64, -100.0..500.0f64), 3..40)) {
            prop_assert!(clip_polygon(&ring, &VIEW).is_empty());
        }

        #[test]
        fn clipped_polyline_is_inside(line in prop::collection::vec(point(), 0..40)) {
            for piece in clip_polyline(&line, &VIEW) {
                prop_assert!(piece.len() >= 2);
                for p in piece {
                    prop_assert!(inside_with_tolerance(p, &VIEW), "{:?}", p);
                }
            }
        }

        #[test]
        fn simplify_properties(line in prop::collection::vec(point(), 0..200), tol in 0.0..50.0f64) {
            let out = simplify(&line, tol);
            prop_assert!(out.len() <= line.len());
            prop_assert_eq!(out.first(), line.first());
            prop_assert_eq!(out.last(), line.last());
            // The output is a subsequence of the input.
            let mut it = line.iter();
            for p in &out {
                prop_assert!(it.any(|q| q == p));
            }
        }

        #[test]
        fn simplify_ring_properties(ring in prop::collection::vec(point(), 3..100), tol in 0.0..50.0f64) {
            let out = simplify_ring(&ring, tol);
            prop_assert!(out.is_empty() || (out.len() >= 4 && out.len() <= ring.len() + 1));
            prop_assert_eq!(out.first(), out.last());
        }
    }
}

#[cfg(test)]
mod outline_tests {
    use super::*;
    use crate::gazetteer::outline::{Detail, all_countries};

    /// Douglas–Peucker alone makes 66 of these 15,400 rings cross
    /// themselves (the United States, Russia, Sudan, Panama at the coarser
    /// levels); the guard in `simplify_ring` must leave none.
    #[test]
    fn every_country_ring_stays_simple_at_every_level_the_maps_use() {
        let mut rings = 0;
        for detail in [Detail::World, Detail::Regional] {
            for (key, mp) in all_countries(detail) {
                for poly in &mp.0 {
                    for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                        let pts: Vec<(f64, f64)> = ring.coords().map(|c| (c.x, c.y)).collect();
                        assert!(
                            !crosses_itself(&pts),
                            "{key}: the data's ring crosses itself"
                        );
                        let ccw = is_ccw(&pts);
                        for level in 0..8 {
                            let out = simplify_ring(&pts, 0.005 * f64::from(1u32 << level));
                            rings += 1;
                            if out.is_empty() {
                                continue;
                            }
                            assert!(!crosses_itself(&out), "{key} at level {level}");
                            assert_eq!(
                                is_ccw(&out),
                                ccw,
                                "{key} at level {level}: winding flipped"
                            );
                        }
                    }
                }
            }
        }
        assert!(rings > 15_000);
    }

    #[test]
    fn crossings_are_found() {
        let square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)];
        assert!(!crosses_itself(&square));
        let bowtie = [(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)];
        assert!(crosses_itself(&bowtie));
        let spike = [(0.0, 0.0), (2.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)];
        assert!(crosses_itself(&spike));
        let touching = [
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 0.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ];
        assert!(crosses_itself(&touching));
    }
}
