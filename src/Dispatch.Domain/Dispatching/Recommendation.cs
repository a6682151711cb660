using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using Dispatch.Domain.Units;
using NodaTime;

namespace Dispatch.Domain.Dispatching;

/// <summary>A unit as the dispatcher saw it when deciding.</summary>
public sealed record UnitSnapshot(Guid UnitId, string CallSign, UnitStatus Status, Guid? CurrentIncidentId,
    GeoPoint Position, Instant PositionAt);

/// <summary>Everything the recommendation depends on; recorded in the decision so an auditor can re-run it.</summary>
public sealed record DispatchInputs(Guid IncidentId, GeoPoint Location, ZoneClassification Zone, string RoadGraphVersion,
    bool PeakHour, double SpeedFactor, double ApproachSpeedKph, Instant DecidedAt, IReadOnlyList<UnitSnapshot> Units,
    IReadOnlyList<Guid>? WithdrawnUnits = null, IReadOnlyList<Guid>? AlreadySent = null);

public sealed record Candidate(int Rank, Guid UnitId, string CallSign, double EtaSeconds, double RoadMetres,
    double StraightLineMetres, bool WithinTarget, string? Warning = null);

public sealed record Exclusion(Guid UnitId, string CallSign, string Reason, string Detail);

/// <summary>
/// What dispatch decided and why. <see cref="Mode"/> is "recommended" for the automatic choice, or
/// "manual" / "override" when a dispatcher chose the unit; then the recommendation is still recorded
/// beside the dispatcher's choice and reason.
/// </summary>
public sealed record DispatchDecision(Guid DecisionId, DispatchInputs Inputs, Guid? ChosenUnitId, string? ChosenCallSign,
    double? EtaSeconds, bool? WithinTarget, IReadOnlyList<Candidate> Candidates, IReadOnlyList<Exclusion> Excluded,
    string Explanation, string Mode = DispatchDecision.Recommended, string? RecommendedCallSign = null)
{
    public const string Recommended = "recommended";
    public const string Manual = "manual";
    public const string Override = "override";
}

/// <summary>
/// The heart of dispatch, as a pure function: the fastest eligible unit by road, with every candidate
/// and every excluded unit explained. Outside the target the fastest unit is still chosen and the
/// breach is said. Ties fall to the call sign, then the unit id, so the answer never depends on order.
/// </summary>
public static class Recommendation
{
    public const string ReasonBusy = "busy";
    public const string ReasonUnreachable = "unreachable";
    public const string ReasonOutOfService = "out-of-service";
    public const string ReasonOffDuty = "off-duty";
    public const string ReasonWithdrawn = "withdrawn";
    public const string ReasonAlreadySent = "already-sent";
    public const string WarningOnBreak = "on break";

    public static DispatchDecision Recommend(RoadGraph graph, DispatchInputs inputs, Guid decisionId)
    {
        if (graph.Version != inputs.RoadGraphVersion)
            throw new InvalidOperationException(
                $"The decision was made on road graph {inputs.RoadGraphVersion}, this graph is {graph.Version}.");

        var excluded = new List<Exclusion>();
        var eligible = new List<UnitSnapshot>();
        foreach (var unit in inputs.Units.OrderBy(u => u.CallSign, StringComparer.Ordinal).ThenBy(u => u.UnitId))
        {
            if (inputs.WithdrawnUnits?.Contains(unit.UnitId) == true)
                excluded.Add(new Exclusion(unit.UnitId, unit.CallSign, ReasonWithdrawn,
                    "taken off this incident by a dispatcher in this response cycle"));
            else if (inputs.AlreadySent?.Contains(unit.UnitId) == true)
                excluded.Add(new Exclusion(unit.UnitId, unit.CallSign, ReasonAlreadySent,
                    "already sent to this incident in this response cycle"));
            else if (UnitState.IsAssignment(unit.Status))
                excluded.Add(new Exclusion(unit.UnitId, unit.CallSign, ReasonBusy,
                    $"{UnitDecider.Describe(unit.Status)} for incident {unit.CurrentIncidentId}"));
            else if (unit.Status == UnitStatus.OutOfService)
                excluded.Add(new Exclusion(unit.UnitId, unit.CallSign, ReasonOutOfService, "out of service"));
            else if (unit.Status == UnitStatus.OffDuty)
                excluded.Add(new Exclusion(unit.UnitId, unit.CallSign, ReasonOffDuty, "off duty"));
            else
                eligible.Add(unit);
        }

        var conditions = new TravelConditions(inputs.SpeedFactor, inputs.ApproachSpeedKph);
        var etas = TravelTimeSearch.EtasTo(graph, inputs.Location, eligible.Select(u => (u.UnitId, u.Position)).ToList(), conditions);

        var target = inputs.Zone.TargetSeconds;
        var ranked = new List<Candidate>();
        foreach (var unit in eligible)
        {
            if (!etas.TryGetValue(unit.UnitId, out var eta))
            {
                excluded.Add(new Exclusion(unit.UnitId, unit.CallSign, ReasonUnreachable, "no road path to the incident"));
                continue;
            }
            ranked.Add(new Candidate(0, unit.UnitId, unit.CallSign, eta.Seconds, eta.RoadMetres,
                unit.Position.MetresTo(inputs.Location), eta.Seconds <= target,
                unit.Status == UnitStatus.OnBreak ? WarningOnBreak : null));
        }
        var candidates = ranked
            .OrderBy(c => c.EtaSeconds).ThenBy(c => c.CallSign, StringComparer.Ordinal).ThenBy(c => c.UnitId)
            .Select((c, i) => c with { Rank = i + 1 })
            .ToList();

        var chosen = candidates.FirstOrDefault();
        return new DispatchDecision(decisionId, inputs, chosen?.UnitId, chosen?.CallSign, chosen?.EtaSeconds,
            chosen?.WithinTarget, candidates, excluded, Explain(inputs, chosen, candidates.Count, excluded));
    }

    private static string Explain(DispatchInputs inputs, Candidate? chosen, int candidates, IReadOnlyList<Exclusion> exclusions)
    {
        var excluded = exclusions.Count;
        var named = exclusions.Count == 0 ? ""
            : " Excluded: " + string.Join(", ", exclusions.Take(6).Select(e => $"{e.CallSign} ({e.Reason})")) +
              (exclusions.Count > 6 ? $" and {exclusions.Count - 6} more." : ".");
        var zone = $"{inputs.Zone.Name}, target {inputs.Zone.TargetSeconds} s";
        var peak = inputs.PeakHour ? $"; peak-hour speeds x{inputs.SpeedFactor}" : "";
        if (chosen is null)
            return $"No unit can be dispatched: {excluded} unit(s) excluded, none available and reachable ({zone}{peak}).{named}";
        var verdict = chosen.WithinTarget
            ? "within the target"
            : $"TARGET BREACHED by {chosen.EtaSeconds - inputs.Zone.TargetSeconds:F0} s: no available unit reaches the incident in time, so the fastest is sent";
        var warning = chosen.Warning is null ? "" : $" WARNING: {chosen.CallSign} is {chosen.Warning}.";
        return $"{chosen.CallSign}: {chosen.EtaSeconds:F0} s by road ({chosen.RoadMetres:F0} m), {verdict} ({zone}{peak}); " +
               $"fastest of {candidates} reachable available unit(s), {excluded} excluded.{warning}{named}";
    }
}
