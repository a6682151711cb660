using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using Dispatch.Domain.Units;
using Marten;
using NodaTime;

namespace Dispatch.Api.Incidents;

public sealed record DispatchIncident(Guid IncidentId, string Actor, string CorrelationId);

public sealed record DispatchOutcome(Guid IncidentId, DispatchDecision? Decision, Rejection? Rejection);

/// <summary>
/// Chooses and assigns the unit. The incident's decision and the unit's assignment commit together,
/// with the unit stream's version checked, so a unit taken by a concurrent dispatch is never taken
/// twice: the loser re-reads the board and decides again without that unit. Every lost race is
/// another dispatch's win, so with one more attempt than there are units a dispatch always settles,
/// on a unit or on "none available".
/// </summary>
public static class DispatchIncidentHandler
{

    public static async Task<DispatchOutcome> Handle(DispatchIncident command, IDocumentStore store,
        ReferenceData reference, IClock clock, ILogger<DispatchIncident> logger, CancellationToken cancellation)
    {
        var maxAttempts = reference.Units.Count + 1;
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = command.CorrelationId;
            var incident = await session.Events.FetchForWriting<IncidentState>(command.IncidentId, cancellation);
            if (incident.Aggregate is null)
                return new DispatchOutcome(command.IncidentId, null,
                    new Rejection(RejectionKind.NotFound, "incident-not-found", "No such incident."));
            if (incident.Aggregate.Status == IncidentStatus.Dispatched)
                return new DispatchOutcome(command.IncidentId, null, null);

            var units = await session.Query<UnitState>().ToListAsync(cancellation);
            var now = clock.GetCurrentInstant();
            var decision = Recommendation.Recommend(reference.Roads, Inputs(incident.Aggregate, units, reference, now),
                Guid.CreateVersion7(now.ToDateTimeOffset()));

            var recorded = IncidentDecider.RecordDispatch(incident.Aggregate, decision, command.Actor, now);
            incident.AppendMany(recorded.Events.ToArray());
            if (decision.ChosenUnitId is { } unitId)
            {
                var unit = await session.Events.FetchForWriting<UnitState>(unitId, cancellation);
                var assignment = UnitDecider.Assign(unit.Aggregate, command.IncidentId, decision.DecisionId,
                    incident.Aggregate.Location, decision.EtaSeconds!.Value, command.Actor, now);
                if (assignment.IsRejected)
                {
                    // The board said available, the stream says otherwise: someone was faster. Decide again.
                    logger.LogInformation("Dispatch of {IncidentId}: {UnitId} was taken meanwhile ({Reason}); attempt {Attempt}",
                        command.IncidentId, unitId, assignment.Rejection!.Detail, attempt);
                    if (attempt < maxAttempts) continue;
                    return Contention(command, maxAttempts);
                }
                unit.AppendMany(assignment.Events.ToArray());
            }

            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt < maxAttempts)
            {
                logger.LogInformation("Dispatch of {IncidentId} lost a race on attempt {Attempt}; deciding again",
                    command.IncidentId, attempt);
                continue;
            }

            logger.LogInformation(
                "Dispatch of {IncidentId}: {Outcome} {UnitId} {CallSign} ETA {EtaSeconds:F0}s target {TargetSeconds}s",
                command.IncidentId, decision.ChosenUnitId is null ? "no unit" : "assigned", decision.ChosenUnitId,
                decision.ChosenCallSign, decision.EtaSeconds, decision.Inputs.Zone.TargetSeconds);
            return new DispatchOutcome(command.IncidentId, decision, null);
        }
    }

    private static DispatchOutcome Contention(DispatchIncident command, int attempts) => new(command.IncidentId, null,
        new Rejection(RejectionKind.Conflict, "dispatch-contention",
            $"Every chosen unit was taken by a concurrent dispatch, {attempts} times; the incident waits for dispatch."));

    public static DispatchInputs Inputs(IncidentState incident, IEnumerable<UnitState> units, ReferenceData reference, Instant now)
    {
        var peak = PeakHours.IsPeak(now);
        var conditions = peak ? reference.Peak : reference.FreeFlow;
        return new DispatchInputs(incident.Id, incident.Location, incident.Zone, reference.Roads.Version, peak,
            conditions.SpeedFactor, conditions.ApproachSpeedKph, now,
            units.OrderBy(u => u.CallSign, StringComparer.Ordinal)
                .Select(u => new UnitSnapshot(u.Id, u.CallSign, u.Status, u.CurrentIncidentId, u.Position, u.PositionAt))
                .ToList());
    }
}
