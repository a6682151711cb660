using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Marten;
using NodaTime;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Dispatch.Api.Patrol;

/// <summary>
/// Judge every visit interval whose grace period has run out. <paramref name="Due"/> is set on the scheduled
/// message for that moment; null on a nudge (start-up, a level change) that only re-plans.
/// </summary>
public sealed record SweepPatrolIntervals(Instant? Due);

/// <summary>How far the sweeps got, and which scheduled sweep is pending: one chain across every node.</summary>
public sealed class PatrolSweepState
{
    public const string CountyId = "county";
    public string Id { get; set; } = CountyId;
    public Instant EvaluatedThrough { get; set; }
    public Instant? ScheduledFor { get; set; }
}

/// <summary>
/// Raises missed-visit alerts. Each sweep judges the intervals that fell due since the last one, from the
/// events (visits by device time, the level history), then schedules itself for the next due time. A
/// duplicate or stale scheduled message finds nothing new and schedules nothing.
/// </summary>
public static class PatrolSweepHandler
{
    public const string Actor = "system:patrol-schedule";

    public static async Task Handle(SweepPatrolIntervals message, IDocumentStore store, IWolverineRuntime wolverine,
        ReferenceData reference, IClock clock, ILogger<SweepPatrolIntervals> logger, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var outbox = new MartenOutbox(wolverine, session);
        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        if (duty is null || duty.Changes.Count == 0) return;

        var now = clock.GetCurrentInstant();
        var sweep = await session.LoadAsync<PatrolSweepState>(PatrolSweepState.CountyId, cancellation)
                    ?? new PatrolSweepState { EvaluatedThrough = duty.Changes[0].EffectiveAt };
        var due = VisitSchedule.DueBetween(duty.Changes, reference.Duty, sweep.EvaluatedThrough, now).ToList();

        var raised = 0;
        if (due.Count > 0)
        {
            foreach (var target in reference.PatrolTargetIds)
            {
                var stream = await session.Events.FetchForWriting<PatrolPointState>(PatrolPointState.StreamIdFor(target), cancellation);
                var alerts = due.Select(interval => PatrolDecider.JudgeInterval(stream.Aggregate, target, interval, Actor, now))
                    .OfType<MissedVisitRaised>().ToArray();
                if (alerts.Length == 0) continue;
                stream.AppendMany(alerts);
                raised += alerts.Length;
            }
        }
        if (now > sweep.EvaluatedThrough) sweep.EvaluatedThrough = now;

        // The scheduled sweep for this moment has arrived; whatever comes next must be scheduled anew.
        if (message.Due is { } arrived && arrived == sweep.ScheduledFor) sweep.ScheduledFor = null;
        var next = VisitSchedule.NextDue(duty.Changes, reference.Duty, now);
        var pendingLost = sweep.ScheduledFor is { } pending && pending < now - Duration.FromMinutes(5);
        // A nudge always schedules, from the clock as it is now; the older message for the same moment then
        // arrives to find it no longer the pending one and dies without scheduling, so chains never multiply.
        if (next is { } nextDue && (message.Due is null || sweep.ScheduledFor != nextDue || pendingLost))
        {
            sweep.ScheduledFor = nextDue;
            // Wolverine schedules in real time; the delay comes from the business clock.
            var delay = (nextDue - now).ToTimeSpan();
            await outbox.ScheduleAsync(new SweepPatrolIntervals(nextDue), delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay);
        }
        session.Store(sweep);
        // Points' versions and the sweep document are checked: a check-in or another node's sweep racing this
        // one makes it fail and be retried on fresh state, never raise an alert a visit already answered.
        await session.SaveChangesAsync(cancellation);
        if (raised > 0)
            logger.LogWarning("Patrol sweep: {Raised} missed visit(s) raised over {Intervals} interval(s) up to {Now}", raised, due.Count, now);
    }
}
