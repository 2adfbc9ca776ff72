import Foundation
import Testing

@testable import CadenceEngine

@Suite struct PointerFeaturesTests {
    private func feature(_ f: FeatureVector, _ name: String) -> Double {
        f[PointerFeatures.names.firstIndex(of: name)!]
    }

    private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func namesMatchTheVector() {
        #expect(PointerFeatures.names.count == 43)
        #expect(Set(PointerFeatures.names).count == PointerFeatures.names.count)
        let action = PointerAction(kind: .mouseMove, points: [.init(t: 0, x: 0, y: 0), .init(t: 10, x: 1, y: 1)])
        #expect(PointerFeatures.extract(from: action).count == PointerFeatures.count)
    }

    /// A straight, evenly accelerating move along x: 0, 10, 30, 60 px at 0, 100, 200, 300 ms.
    @Test func straightAcceleratingMove() {
        let action = PointerAction(
            kind: .mouseMove,
            points: [
                .init(t: 0, x: 0, y: 0), .init(t: 100, x: 10, y: 0), .init(t: 200, x: 30, y: 0),
                .init(t: 300, x: 60, y: 0),
            ]
        )
        let f = PointerFeatures.extract(from: action)
        #expect(feature(f, "action_type") == 0)
        #expect(close(feature(f, "travelled_distance"), 60))
        #expect(feature(f, "duration") == 300)
        #expect(feature(f, "direction") == 0)
        #expect(feature(f, "angle") == 0)
        #expect(close(feature(f, "straightness"), 1))
        #expect(feature(f, "point_count") == 4)
        #expect(feature(f, "total_turning") == 0)
        #expect(feature(f, "largest_deviation") == 0)
        #expect(close(feature(f, "end_to_end_distance"), 60))
        #expect(feature(f, "critical_points") == 0)
        #expect(feature(f, "time_to_max_velocity") == 300)
        #expect(feature(f, "initial_acceleration_time") == 300)
        #expect(feature(f, "hold_time") == 0)
        #expect(feature(f, "final_dwell") == 0)
        // Velocities 100, 200, 300 px/s.
        #expect(close(feature(f, "vx_mean"), 200))
        #expect(close(feature(f, "vx_sd"), (20_000.0 / 3).squareRoot()))
        #expect(close(feature(f, "vx_min"), 100))
        #expect(close(feature(f, "vx_max"), 300))
        #expect(feature(f, "vy_mean") == 0 && feature(f, "vy_max") == 0)
        #expect(close(feature(f, "velocity_mean"), 200))
        // Accelerations (200 - 100) / 0.1 and (300 - 200) / 0.1 px/s²; jerk 0.
        #expect(close(feature(f, "acceleration_mean"), 1000))
        #expect(close(feature(f, "acceleration_sd"), 0, 1e-6))
        #expect(close(feature(f, "jerk_mean"), 0, 1e-6))
        #expect(feature(f, "angular_velocity_max") == 0)
        #expect(feature(f, "curvature_mean") == 0)
    }

    /// A right-angle turn: 30 px right in 100 ms, then 40 px down in 100 ms.
    @Test func rightAngleTurn() {
        let action = PointerAction(
            kind: .mouseMove,
            points: [.init(t: 0, x: 0, y: 0), .init(t: 100, x: 30, y: 0), .init(t: 200, x: 30, y: 40)])
        let f = PointerFeatures.extract(from: action)
        #expect(close(feature(f, "travelled_distance"), 70))
        #expect(close(feature(f, "end_to_end_distance"), 50))
        #expect(close(feature(f, "straightness"), 50.0 / 70))
        #expect(close(feature(f, "angle"), atan2(40, 30)))
        #expect(feature(f, "direction") == 1)
        // Distance of (30, 0) from the line (0, 0)–(30, 40): |30·0 − 40·30| / 50.
        #expect(close(feature(f, "largest_deviation"), 24))
        #expect(close(feature(f, "total_turning"), Double.pi / 2))
        #expect(close(feature(f, "angular_velocity_mean"), (Double.pi / 2) / 0.1))
        #expect(close(feature(f, "curvature_mean"), (Double.pi / 2) / 40))
        #expect(feature(f, "critical_points") == 0)
        #expect(close(feature(f, "vx_mean"), 150))
        #expect(close(feature(f, "vx_sd"), 150))
        #expect(close(feature(f, "vy_max"), 400))
        #expect(close(feature(f, "velocity_min"), 300))
        #expect(close(feature(f, "velocity_max"), 400))
        #expect(close(feature(f, "acceleration_mean"), 1000))
        #expect(feature(f, "jerk_mean") == 0)
        #expect(feature(f, "time_to_max_velocity") == 200)
        #expect(feature(f, "initial_acceleration_time") == 200)
    }

    /// A sharp hook counts as a critical point: 10 px right, then 2 px back up-left.
    @Test func sharpTurnIsACriticalPoint() {
        let action = PointerAction(
            kind: .mouseMove, points: [.init(t: 0, x: 0, y: 0), .init(t: 10, x: 10, y: 0), .init(t: 20, x: 8, y: -2)])
        let f = PointerFeatures.extract(from: action)
        // Turn of −3π/4 (clockwise on screen axes) over a 2√2 px segment: |curvature| ≈ 0.833 rad/px > 0.3.
        #expect(feature(f, "critical_points") == 1)
        #expect(close(feature(f, "curvature_min"), -(3 * Double.pi / 4) / (8.0).squareRoot()))
        #expect(close(feature(f, "total_turning"), 3 * Double.pi / 4))
    }

    /// A click after a 100 ms dwell, held 50 ms.
    @Test func pointAndClickHoldAndDwell() {
        let action = PointerAction(
            kind: .pointAndClick,
            points: [
                .init(t: 0, x: 0, y: 0), .init(t: 100, x: 10, y: 0), .init(t: 200, x: 20, y: 0),
                .init(t: 300, x: 20, y: 0),
            ],
            holdTime: 50, button: .left)
        let f = PointerFeatures.extract(from: action)
        #expect(feature(f, "action_type") == 1)
        #expect(feature(f, "hold_time") == 50)
        #expect(feature(f, "final_dwell") == 100)
        #expect(close(feature(f, "velocity_min"), 0))
        // Velocities 100, 100, 0 px/s: the fastest segment ends at 100 ms.
        #expect(feature(f, "time_to_max_velocity") == 100)
        // Acceleration 0 at once: no initial acceleration phase.
        #expect(feature(f, "initial_acceleration_time") == 0)
    }

    @Test func mergesEqualTimestampsAndHandlesDegenerateActions() {
        let merged = PointerAction(
            kind: .mouseMove, points: [.init(t: 0, x: 0, y: 0), .init(t: 0, x: 5, y: 0), .init(t: 100, x: 10, y: 0)])
        let f = PointerFeatures.extract(from: merged)
        #expect(feature(f, "point_count") == 2)
        #expect(close(feature(f, "travelled_distance"), 5))
        #expect(close(feature(f, "velocity_mean"), 50))
        let still = PointerAction(kind: .mouseMove, points: Array(repeating: .init(t: 7, x: 1, y: 1), count: 4))
        let g = PointerFeatures.extract(from: still)
        #expect(g.allSatisfy { $0.isFinite })
        #expect(feature(g, "point_count") == 1)
        #expect(PointerFeatures.extract(from: PointerAction(kind: .mouseMove, points: [])).allSatisfy { $0.isFinite })
    }
}
