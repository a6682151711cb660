using Dispatch.Api.Departments;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Plans;
using Dispatch.Domain.Reference;
using Dispatch.Projections;
using Marten;
using NodaTime;
using Wolverine.Runtime;

namespace Dispatch.Api.Incidents;

/// <summary>
/// The one way an incident enters the system, whoever reports it (a dispatcher, a one-key call device): the report and
/// the command to dispatch it commit in one transaction (Wolverine's outbox on Marten), so a stored call is always
/// dispatched, even if the request, the process or the database fails a moment later. The answer waits briefly for the
/// decision: 201 with it, or 202 while dispatch is still under way. A retry with the same id and report appends nothing.
/// </summary>
public static class IncidentIntake
{
    public static async Task<IResult> ReportAndDispatchAsync(ReportIncident command, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, DispatchSignals signals, DispatchSettings settings, ReferenceData reference, IClock clock)
    {
        var caller = http.Caller();
        var now = clock.GetCurrentInstant();
        var id = command.IncidentId;

        var decided = signals.Expect(id);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var write = WriteSession.Open(store, wolverine, http);
                var session = write.Session;
                // Stream first, then the incident document: they commit together, so an incident stream seen
                // here always has its document, and a stream without one belongs to something else (a unit).
                // The reads in one round trip: each trip to the database adds to the dispatcher's wait. The level in
                // force is recorded on the report, so response times group by it from the events alone; the plan for
                // the type loads by primary key (its id derives from the code) and its current version is attached.
                var batch = session.CreateBatchQuery();
                var fetchStream = batch.Events.FetchStreamState(id);
                var fetchIncident = batch.Load<IncidentState>(id);
                var fetchDuty = batch.Load<CountyDutyState>(CountyDutyState.StreamId);
                var fetchPlan = batch.Load<EmergencyPlanState>(EmergencyPlanState.StreamIdFor(command.Type));
                await batch.Execute(http.RequestAborted);
                var stream = await fetchStream;
                var incident = await fetchIncident;
                if (stream is not null && incident is null)
                    return Problems.From(new Domain.Rejection(Domain.RejectionKind.Conflict, "id-in-use",
                        $"The id {id} is already used by another record; choose a new id."), http);
                var duty = await fetchDuty;
                var plan = await fetchPlan;
                var decision = IncidentDecider.Report(incident, command, reference.Zones.Classify(command.Location), caller.Actor, now,
                    duty?.LevelAt(now) ?? DutyLevel.Normal, PlanAttachment.Of(plan, PlanScales.Small));
                if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
                if (decision.IsNoOp) break; // a retry of a create that already happened: answer like the first time

                // Starting (not appending to) the stream makes a concurrent create with the same id lose here.
                session.Events.StartStream<IncidentState>(id, decision.Events.ToArray());
                PlanTasks.Start(session, id, plan, new HashSet<string>(), caller.Actor, now);
                await write.Outbox.PublishAsync(new DispatchIncident(id, caller.Actor, caller.CorrelationId));
                try
                {
                    await session.SaveChangesAsync(http.RequestAborted);
                    break;
                }
                catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt == 1)
                {
                    // A simultaneous create with this id won; look again: the same report is answered, another is refused.
                }
            }

            // From here the incident is stored and its dispatch queued: a client giving up changes nothing.
            var inTime = await Task.WhenAny(decided, Task.Delay(settings.ResponseWait)) == decided;
            await using var query = store.QuerySession();
            var details = await query.LoadAsync<IncidentDetails>(id);
            return inTime || details?.Decisions.Count > 0
                ? Results.Created($"/incidents/{id}", details)
                : Results.Accepted($"/incidents/{id}", details);
        }
        finally
        {
            signals.StopWaiting(id);
        }
    }
}
