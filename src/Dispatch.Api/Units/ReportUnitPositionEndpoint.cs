using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Api.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using NodaTime;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Units;

/// <summary>A unit's GPS report; dispatch measures travel time from the last reported position. A fix on a must-patrol line counts as passing it.</summary>
public static class ReportUnitPositionEndpoint
{
    [Authorize(Policy = Policies.UnitReport)]
    [WolverinePost("/units/{id}/position")]
    [ProducesResponseType(typeof(UnitBoardRow), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, LocationInput? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        // Only the unit's own device: a position decides dispatch and counts as passing patrol lines.
        if (UnitScope.Forbid(http, id, dispatcherToo: false) is { } forbidden) return forbidden;
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var position = RequestRules.Location(request, "position", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var (wgs84, given) = position!.Value;
        if (RequestRules.OutsideServiceArea(wgs84, reference, "position", http) is { } outside) return outside;
        if (id == Guid.Empty) return Problems.NotFound($"Unit {id}", http);

        for (var attempt = 1; ; attempt++)
        {
            await using var write = WriteSession.Open(store, wolverine, http);
            var (session, caller) = (write.Session, write.Caller);
            // Through the stream, so the unit's version (its ETag) counts the fix; a concurrent write on the unit is
            // no reason to lose the fix: it is decided again on the new state.
            var stream = await session.Events.FetchForWriting<UnitState>(id, cancellation);
            var unit = stream.Aggregate;
            var now = clock.GetCurrentInstant();
            var decision = UnitDecider.ReportPosition(unit, wgs84, caller.Actor, now, given);
            if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
            stream.AppendMany(decision.Events.ToArray());
            if (reference.MustPatrolLines.Any(l => l.IsPassedBy(wgs84)))
                await write.Outbox.PublishAsync(new RecordLinePasses(id, unit!.CallSign, wgs84, now, caller.Actor, caller.CorrelationId));
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt < 5)
            {
                continue;
            }
            return UnitVersions.Answer(unit!, decision, http);
        }
    }
}
