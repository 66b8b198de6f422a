//! Collision-free placement of map labels.
//!
//! Trip maps label every stop, and stops of one story often cluster (several
//! venues in one city), so labels must be moved around their symbols, given
//! a leader line, or dropped. Placement is purely geometric: the caller
//! measures each label's box (for any script) and this module only decides
//! where the box goes. Coordinates are SVG pixels, with y growing downwards.
//!
//! The algorithm is greedy by priority: labels are visited most important
//! first and each takes the first free spot from a fixed list of candidates,
//! so the result is fully deterministic and an important label is never
//! displaced by a less important one.

use super::clip::Rect;

/// Distance in pixels between a symbol's edge and its label's box.
pub const LABEL_GAP: f64 = 2.0;

/// Fraction of a label box's height that lies below the text baseline.
///
/// The caller sizes the box from the font's line height; putting the
/// baseline at 80 % of it leaves room for descenders in Latin, Cyrillic and
/// Greek and keeps Arabic, Devanagari or CJK text visually centred enough.
pub const DESCENT_FRACTION: f64 = 0.2;

/// Upper bound on grid cells per axis, so the index stays small however
/// large the frame is relative to the labels.
const MAX_GRID_AXIS: usize = 512;

/// One label to place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelRequest {
    /// Centre of the stop's symbol, in pixels.
    pub anchor: (f64, f64),
    /// Measured width of the label text box, in pixels.
    pub width: f64,
    /// Height of the label text box (the font's line height), in pixels.
    pub height: f64,
    /// Lower values are more important and are placed first.
    pub priority: u32,
    /// Radius of the circle drawn at `anchor`; no label may cover it.
    pub symbol_radius: f64,
}

impl LabelRequest {
    /// The square around this request's symbol that labels must avoid.
    ///
    /// The circle is approximated by its bounding square: slightly
    /// conservative, but it makes every collision test a box test.
    pub fn symbol_box(&self) -> Rect {
        let r = self.symbol_radius.max(0.0);
        let (x, y) = self.anchor;
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    fn is_placeable(&self) -> bool {
        self.anchor.0.is_finite()
            && self.anchor.1.is_finite()
            && self.symbol_radius.is_finite()
            && self.width.is_finite()
            && self.height.is_finite()
            && self.width > 0.0
            && self.height > 0.0
    }
}

/// Horizontal alignment of the text at its anchor point, matching the
/// values of SVG's `text-anchor` property.
///
/// The values are meant for a left-to-right base direction, which is what
/// SVG uses when no `direction` is given: `Start` is the box's left edge and
/// `End` its right edge, whatever the script. Right-to-left text is still
/// laid out inside the same box by the renderer's bidi algorithm; a writer
/// that prefers not to rely on that can always draw at the box centre with
/// `text-anchor="middle"`, since the box is what placement guarantees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// The SVG `text-anchor` attribute value.
    pub fn as_svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }

    /// The anchor point's x for a box with this alignment.
    fn x_in(self, bbox: &Rect) -> f64 {
        match self {
            Anchor::Start => bbox.x0,
            Anchor::Middle => (bbox.x0 + bbox.x1) / 2.0,
            Anchor::End => bbox.x1,
        }
    }
}

/// Where a label ended up.
///
/// For drawn labels `(x, y)` is the text position for SVG: `x` is where
/// `anchor` applies and `y` is the baseline (placed [`DESCENT_FRACTION`] of
/// the box height above the box bottom). `bbox` is the box that was checked
/// for collisions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// Next to the symbol, at one of the eight classic positions.
    At {
        x: f64,
        y: f64,
        anchor: Anchor,
        bbox: Rect,
    },
    /// Farther away, joined to the symbol by a straight leader line from
    /// `from` (on the symbol's circle) to `to` (the nearest point of `bbox`).
    Leader {
        x: f64,
        y: f64,
        anchor: Anchor,
        bbox: Rect,
        from: (f64, f64),
        to: (f64, f64),
    },
    /// No free spot was found; the symbol is drawn without a label.
    Dropped,
}

impl Placement {
    /// The label's box, unless it was dropped.
    pub fn bbox(&self) -> Option<Rect> {
        match self {
            Placement::At { bbox, .. } | Placement::Leader { bbox, .. } => Some(*bbox),
            Placement::Dropped => None,
        }
    }

    pub fn is_dropped(&self) -> bool {
        matches!(self, Placement::Dropped)
    }
}

/// Directions in which a box may sit relative to its attachment point, as
/// `(sx, sy)` signs in pixel space (negative y is up), in the cartographic
/// order of preference: right, upper right, lower right, left, upper left,
/// lower left, above, below.
const CLASSIC: [(i8, i8); 8] = [
    (1, 0),
    (1, -1),
    (1, 1),
    (-1, 0),
    (-1, -1),
    (-1, 1),
    (0, -1),
    (0, 1),
];

/// Directions for leader-line candidates, in degrees counter-clockwise from
/// "right" as seen on the map: the classic eight first, then the eight in
/// between, so the same preferences carry over.
const LEADER_ANGLES: [f64; 16] = [
    0.0, 45.0, -45.0, 180.0, 135.0, -135.0, 90.0, -90.0, 22.5, -22.5, 157.5, -157.5, 67.5, 112.5,
    -67.5, -112.5,
];

/// Leader rings, as multiples of the label offset.
const LEADER_RINGS: [f64; 2] = [3.0, 5.0];

/// The box of size `w`×`h` that extends from `attach` in direction
/// `(sx, sy)` (centred on the axis where the sign is 0), with the text
/// alignment that keeps the text next to the attachment point.
fn box_at(attach: (f64, f64), (sx, sy): (i8, i8), w: f64, h: f64) -> (Rect, Anchor) {
    let (x0, anchor) = match sx.signum() {
        1 => (attach.0, Anchor::Start),
        -1 => (attach.0 - w, Anchor::End),
        _ => (attach.0 - w / 2.0, Anchor::Middle),
    };
    let y0 = match sy.signum() {
        1 => attach.1,
        -1 => attach.1 - h,
        _ => attach.1 - h / 2.0,
    };
    (
        Rect {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        },
        anchor,
    )
}

fn baseline(bbox: &Rect) -> f64 {
    bbox.y1 - bbox.height() * DESCENT_FRACTION
}

/// A uniform grid over the frame holding boxes, so collision tests only
/// look at boxes near the candidate. Boxes that do not reach the frame are
/// never stored: candidates are always inside the frame, so they cannot
/// collide with them.
struct Grid {
    frame: Rect,
    cell_w: f64,
    cell_h: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<usize>>,
    boxes: Vec<Rect>,
}

impl Grid {
    fn new(frame: Rect, target_cell: f64) -> Grid {
        let axis = |len: f64| -> (usize, f64) {
            let n = (len / target_cell).ceil();
            let n = if n >= MAX_GRID_AXIS as f64 {
                MAX_GRID_AXIS
            } else {
                (n as usize).max(1)
            };
            let size = len / n as f64;
            (n, if size > 0.0 { size } else { 1.0 })
        };
        let (cols, cell_w) = axis(frame.width());
        let (rows, cell_h) = axis(frame.height());
        Grid {
            frame,
            cell_w,
            cell_h,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
            boxes: Vec::new(),
        }
    }

    fn index(v: f64, origin: f64, size: f64, n: usize) -> usize {
        let f = ((v - origin) / size).floor();
        if f >= 1.0 { (f as usize).min(n - 1) } else { 0 }
    }

    /// Cell ranges `(c0, c1, r0, r1)` covered by `r`, or `None` if `r` does
    /// not reach the frame (NaN coordinates included).
    fn span(&self, r: &Rect) -> Option<(usize, usize, usize, usize)> {
        let f = &self.frame;
        if !(r.x1 >= f.x0 && r.x0 <= f.x1 && r.y1 >= f.y0 && r.y0 <= f.y1) {
            return None;
        }
        Some((
            Grid::index(r.x0, f.x0, self.cell_w, self.cols),
            Grid::index(r.x1, f.x0, self.cell_w, self.cols),
            Grid::index(r.y0, f.y0, self.cell_h, self.rows),
            Grid::index(r.y1, f.y0, self.cell_h, self.rows),
        ))
    }

    fn insert(&mut self, r: Rect) {
        let Some((c0, c1, r0, r1)) = self.span(&r) else {
            return;
        };
        let id = self.boxes.len();
        self.boxes.push(r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                self.cells[row * self.cols + col].push(id);
            }
        }
    }

    fn overlaps_any(&self, r: &Rect) -> bool {
        let Some((c0, c1, r0, r1)) = self.span(r) else {
            return false;
        };
        (r0..=r1).any(|row| {
            (c0..=c1).any(|col| {
                self.cells[row * self.cols + col]
                    .iter()
                    .any(|&id| self.boxes[id].overlaps(r))
            })
        })
    }
}

/// Total order on boxes by their bit patterns, used only to drop exact
/// duplicates (many stops often share one city's coordinates).
fn rect_key(r: &Rect) -> [u64; 4] {
    [
        r.x0.to_bits(),
        r.y0.to_bits(),
        r.x1.to_bits(),
        r.y1.to_bits(),
    ]
}

/// Places all labels; the result is index-aligned with `requests`.
///
/// Labels are visited by ascending `priority`, ties in input order. Each
/// tries, in order:
///
/// 1. the eight classic positions around its symbol (in this order:
///    right, upper right, lower right, left, upper left, lower left, above,
///    below), offset by `symbol_radius + LABEL_GAP`;
/// 2. leader positions in sixteen directions on two rings, at 3× and 5× the
///    offset (the offset is raised to half the label height first, so tiny
///    symbols still get a visible leader);
///
/// and takes the first whose box lies inside `frame` and overlaps neither an
/// already placed label, nor any request's symbol (its bounding square), nor
/// any of `obstacles` (legend, title, scale bar). Otherwise it is
/// [`Placement::Dropped`]. Leader lines themselves are not collision-checked;
/// they are short and drawn under the labels.
///
/// Requests with a non-finite anchor or size, or an empty box, are dropped;
/// a negative radius counts as zero. Boxes touching only along an edge do
/// not collide. A uniform grid over the frame indexes placed boxes and
/// obstacles, so the cost grows about linearly with the number of requests
/// when stops are spread over the map and stays well under a second for
/// 10,000 requests even when they crowd into one small area.
pub fn place(requests: &[LabelRequest], obstacles: &[Rect], frame: &Rect) -> Vec<Placement> {
    let mut result = vec![Placement::Dropped; requests.len()];
    let frame_ok = [frame.x0, frame.y0, frame.x1, frame.y1]
        .iter()
        .all(|v| v.is_finite())
        && frame.x0 <= frame.x1
        && frame.y0 <= frame.y1;
    if !frame_ok || requests.is_empty() {
        return result;
    }

    let placeable: Vec<&LabelRequest> = requests.iter().filter(|r| r.is_placeable()).collect();
    let mean_size = if placeable.is_empty() {
        1.0
    } else {
        placeable.iter().map(|r| r.width.max(r.height)).sum::<f64>() / placeable.len() as f64
    };
    let mut labels = Grid::new(*frame, mean_size);
    let mut blocked = Grid::new(*frame, mean_size);

    let mut fixed: Vec<Rect> = obstacles.to_vec();
    fixed.extend(
        requests
            .iter()
            .filter(|r| {
                r.anchor.0.is_finite() && r.anchor.1.is_finite() && r.symbol_radius.is_finite()
            })
            .map(LabelRequest::symbol_box),
    );
    fixed.sort_by_key(rect_key);
    fixed.dedup_by_key(|r| rect_key(r));
    for r in fixed {
        blocked.insert(r);
    }

    let mut order: Vec<usize> = (0..requests.len())
        .filter(|&i| requests[i].is_placeable())
        .collect();
    order.sort_by_key(|&i| requests[i].priority); // stable: ties keep input order

    // Checks placed labels first: in crowded areas they reject most candidates.
    let is_free = |bbox: &Rect, labels: &Grid| {
        frame.contains_rect(bbox) && !labels.overlaps_any(bbox) && !blocked.overlaps_any(bbox)
    };

    for i in order {
        let req = &requests[i];
        let (ax, ay) = req.anchor;
        let (w, h) = (req.width, req.height);
        let radius = req.symbol_radius.max(0.0);
        let offset = radius + LABEL_GAP;

        let classic = CLASSIC.iter().map(|&(sx, sy)| {
            let attach = (ax + f64::from(sx) * offset, ay + f64::from(sy) * offset);
            box_at(attach, (sx, sy), w, h)
        });
        if let Some((bbox, anchor)) = classic.into_iter().find(|(b, _)| is_free(b, &labels)) {
            result[i] = Placement::At {
                x: anchor.x_in(&bbox),
                y: baseline(&bbox),
                anchor,
                bbox,
            };
            labels.insert(bbox);
            continue;
        }

        let leader_offset = offset.max(h / 2.0);
        let leaders = LEADER_RINGS.iter().flat_map(|&ring| {
            LEADER_ANGLES.iter().map(move |&deg| {
                let (sin, cos) = deg.to_radians().sin_cos();
                // Map angles count upwards; pixel y grows downwards.
                let (ux, uy) = (cos, -sin);
                let dist = ring * leader_offset;
                let sign = |u: f64| {
                    if u > 0.2 {
                        1
                    } else if u < -0.2 {
                        -1
                    } else {
                        0
                    }
                };
                box_at((ax + ux * dist, ay + uy * dist), (sign(ux), sign(uy)), w, h)
            })
        });
        if let Some((bbox, anchor)) = leaders.into_iter().find(|(b, _)| is_free(b, &labels)) {
            let to = bbox.closest_point(req.anchor);
            let (dx, dy) = (to.0 - ax, to.1 - ay);
            let len = dx.hypot(dy);
            let from = if len > 0.0 {
                (ax + dx * radius / len, ay + dy * radius / len)
            } else {
                req.anchor
            };
            result[i] = Placement::Leader {
                x: anchor.x_in(&bbox),
                y: baseline(&bbox),
                anchor,
                bbox,
                from,
                to,
            };
            labels.insert(bbox);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Instant;

    const FRAME: Rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 800.0,
        y1: 600.0,
    };

    fn req(anchor: (f64, f64), width: f64, priority: u32) -> LabelRequest {
        LabelRequest {
            anchor,
            width,
            height: 12.0,
            priority,
            symbol_radius: 4.0,
        }
    }

    /// Checks the invariants every placement must satisfy.
    fn assert_valid(
        requests: &[LabelRequest],
        obstacles: &[Rect],
        frame: &Rect,
        placed: &[Placement],
    ) {
        assert_eq!(placed.len(), requests.len());
        let boxes: Vec<(usize, Rect)> = placed
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i, p.bbox()?)))
            .collect();
        for &(i, b) in &boxes {
            assert!(frame.contains_rect(&b), "label {i} leaves the frame: {b:?}");
            assert!((b.width() - requests[i].width).abs() < 1e-9);
            for (j, r) in requests.iter().enumerate() {
                assert!(!b.overlaps(&r.symbol_box()), "label {i} covers symbol {j}");
            }
            for o in obstacles {
                assert!(!b.overlaps(o), "label {i} covers obstacle {o:?}");
            }
        }
        for (k, &(i, a)) in boxes.iter().enumerate() {
            for &(j, b) in &boxes[k + 1..] {
                assert!(!a.overlaps(&b), "labels {i} and {j} overlap");
            }
        }
    }

    #[test]
    fn single_label_goes_right() {
        let requests = [req((100.0, 100.0), 50.0, 0)];
        let placed = place(&requests, &[], &FRAME);
        let expected = Rect {
            x0: 106.0,
            y0: 94.0,
            x1: 156.0,
            y1: 106.0,
        };
        assert_eq!(
            placed[0],
            Placement::At {
                x: 106.0,
                y: 106.0 - 12.0 * DESCENT_FRACTION,
                anchor: Anchor::Start,
                bbox: expected
            }
        );
        assert_eq!(Anchor::Start.as_svg(), "start");
    }

    #[test]
    fn falls_back_to_left_at_right_edge() {
        let requests = [req((790.0, 300.0), 50.0, 0)];
        let placed = place(&requests, &[], &FRAME);
        let Placement::At {
            x, anchor, bbox, ..
        } = placed[0]
        else {
            panic!("{:?}", placed[0])
        };
        assert_eq!(anchor, Anchor::End);
        assert_eq!(x, bbox.x1);
        assert_eq!(bbox.x1, 790.0 - 6.0);
    }

    #[test]
    fn two_labels_at_same_anchor_do_not_overlap() {
        let requests = [req((300.0, 300.0), 60.0, 0), req((300.0, 300.0), 60.0, 0)];
        let placed = place(&requests, &[], &FRAME);
        assert!(placed.iter().all(|p| !p.is_dropped()));
        assert_valid(&requests, &[], &FRAME, &placed);
    }

    #[test]
    fn priority_wins_preferred_position() {
        // The less important label comes first in the input but must yield.
        let requests = [req((300.0, 300.0), 60.0, 5), req((300.0, 300.0), 60.0, 1)];
        let placed = place(&requests, &[], &FRAME);
        let right = Rect {
            x0: 306.0,
            y0: 294.0,
            x1: 366.0,
            y1: 306.0,
        };
        assert_eq!(placed[1].bbox(), Some(right));
        assert_ne!(placed[0].bbox(), Some(right));
        // With equal priorities, input order decides.
        let requests = [req((300.0, 300.0), 60.0, 1), req((300.0, 300.0), 60.0, 1)];
        assert_eq!(place(&requests, &[], &FRAME)[0].bbox(), Some(right));
    }

    #[test]
    fn labels_avoid_other_symbols_and_obstacles() {
        // A neighbour's symbol sits where the right-hand label would go, and
        // a legend blocks the upper right.
        let requests = [req((100.0, 100.0), 40.0, 0), req((120.0, 100.0), 10.0, 9)];
        let legend = Rect {
            x0: 100.0,
            y0: 60.0,
            x1: 200.0,
            y1: 96.0,
        };
        let placed = place(&requests, &[legend], &FRAME);
        assert_valid(&requests, &[legend], &FRAME, &placed);
        let Placement::At { anchor, .. } = placed[0] else {
            panic!("{:?}", placed[0])
        };
        assert_eq!(anchor, Anchor::Start, "lower right is still free");
        assert_eq!(placed[0].bbox().unwrap().y0, 106.0);
    }

    #[test]
    fn crowded_labels_get_leaders_then_drop() {
        let requests: Vec<_> = (0..40).map(|i| req((400.0, 300.0), 30.0, i)).collect();
        let placed = place(&requests, &[], &FRAME);
        assert_valid(&requests, &[], &FRAME, &placed);
        // The six side positions fit flush; above and below would overlap
        // the upper and lower corner labels.
        assert!(
            placed[..6]
                .iter()
                .all(|p| matches!(p, Placement::At { .. }))
        );
        assert!(
            placed[6..]
                .iter()
                .all(|p| !matches!(p, Placement::At { .. }))
        );
        let leaders: Vec<_> = placed
            .iter()
            .filter(|p| matches!(p, Placement::Leader { .. }))
            .collect();
        assert!(!leaders.is_empty());
        for p in leaders {
            let Placement::Leader { from, to, bbox, .. } = *p else {
                unreachable!()
            };
            assert!(
                ((from.0 - 400.0).hypot(from.1 - 300.0) - 4.0).abs() < 1e-9,
                "{from:?}"
            );
            assert!(bbox.contains_point(to));
        }
        assert!(placed.iter().any(Placement::is_dropped));
    }

    #[test]
    fn labels_stay_in_frame_or_drop() {
        let small = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 30.0,
            y1: 30.0,
        };
        let requests = [req((15.0, 15.0), 100.0, 0)];
        assert_eq!(place(&requests, &[], &small), vec![Placement::Dropped]);
    }

    #[test]
    fn invalid_input_is_dropped() {
        let mut bad = req((10.0, 10.0), 20.0, 0);
        bad.anchor.0 = f64::NAN;
        let empty = req((200.0, 200.0), 0.0, 0);
        assert_eq!(
            place(&[bad, empty], &[], &FRAME),
            vec![Placement::Dropped; 2]
        );
        let inverted = Rect {
            x0: 10.0,
            y0: 0.0,
            x1: 0.0,
            y1: 10.0,
        };
        assert_eq!(
            place(&[req((5.0, 5.0), 1.0, 0)], &[], &inverted),
            vec![Placement::Dropped]
        );
        assert!(place(&[], &[], &FRAME).is_empty());
    }

    fn pseudo_random_requests(n: usize, seed: u64, area: f64) -> Vec<LabelRequest> {
        // A small linear congruential generator keeps the test self-contained.
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| LabelRequest {
                anchor: (next() * area * 4.0 / 3.0, next() * area),
                width: 20.0 + next() * 60.0,
                height: 12.0,
                priority: (next() * 10.0) as u32,
                symbol_radius: next() * 5.0,
            })
            .collect()
    }

    #[test]
    fn deterministic() {
        let requests = pseudo_random_requests(300, 7, 600.0);
        let a = place(&requests, &[], &FRAME);
        let b = place(&requests, &[], &FRAME);
        assert_eq!(a, b);
        assert_valid(&requests, &[], &FRAME, &a);
    }

    #[test]
    fn ten_thousand_requests_are_fast() {
        let limit = if cfg!(debug_assertions) { 5.0 } else { 0.5 };
        let frame = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 4000.0,
            y1: 3000.0,
        };
        let spread = pseudo_random_requests(10_000, 42, 3000.0);
        let clustered: Vec<_> = (0..10_000)
            .map(|i| req((400.0 + (i % 3) as f64, 300.0), 30.0, 0))
            .collect();
        for requests in [spread, clustered] {
            let start = Instant::now();
            let placed = place(&requests, &[], &frame);
            let secs = start.elapsed().as_secs_f64();
            assert!(secs < limit, "took {secs} s");
            assert!(placed.iter().any(|p| !p.is_dropped()));
        }
    }

    fn request_strategy() -> impl Strategy<Value = LabelRequest> {
        (
            0.0..400.0f64,
            0.0..300.0f64,
            5.0..80.0f64,
            6.0..16.0f64,
            0u32..4,
            0.0..6.0f64,
        )
            .prop_map(
                |(x, y, width, height, priority, symbol_radius)| LabelRequest {
                    anchor: (x, y),
                    width,
                    height,
                    priority,
                    symbol_radius,
                },
            )
    }

    fn obstacle_strategy() -> impl Strategy<Value = Rect> {
        (0.0..400.0f64, 0.0..300.0f64, 1.0..80.0f64, 1.0..40.0f64).prop_map(|(x, y, w, h)| Rect {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        })
    }

    proptest! {
        #[test]
        fn random_placements_never_collide(
            requests in prop::collection::vec(request_strategy(), 0..60),
            obstacles in prop::collection::vec(obstacle_strategy(), 0..3),
        ) {
            let frame = Rect { x0: 0.0, y0: 0.0, x1: 400.0, y1: 300.0 };
            let placed = place(&requests, &obstacles, &frame);
            assert_valid(&requests, &obstacles, &frame, &placed);
            prop_assert_eq!(placed, place(&requests, &obstacles, &frame));
        }
    }
}
