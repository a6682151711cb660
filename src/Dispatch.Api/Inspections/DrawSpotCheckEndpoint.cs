using System.Security.Cryptography;
using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Inspections;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Inspections;

public sealed record DrawSpotCheckRequest(string? Date, int? Units, int? Points, long? Seed);

/// <summary>
/// The inspection brigade's daily spot-check: a sample of units and must-patrol points, drawn with a seed that is
/// recorded, so the same draw can be re-done by anyone. One per local day; asking again returns the day's draw.
/// </summary>
public static class DrawSpotCheckEndpoint
{
    [Authorize(Policy = Policies.Inspect)]
    [WolverinePost("/inspections")]
    [ProducesResponseType(typeof(InspectionState), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(InspectionState), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Post(DrawSpotCheckRequest? request, HttpContext http, IDocumentStore store, ReferenceData reference,
        IClock clock, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var date = request?.Date is null ? now.InZone(PeakHours.China).Date : RequestRules.Date(request.Date, "date", errors);
        var units = request?.Units is null ? 3 : RequestRules.Range(request.Units, 0, reference.Units.Count, "units", errors);
        var points = request?.Points is null ? 3 : RequestRules.Range(request.Points, 0, reference.MustPatrolPoints.Count, "points", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var id = InspectionState.StreamIdFor(date!.Value);
        var caller = http.Caller();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        if (await session.LoadAsync<InspectionState>(id, cancellation) is { } drawn) return Results.Ok(drawn);

        var seed = request?.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var drawnEvent = new SpotCheckDrawn(id, date.Value, seed,
            SpotCheck.Draw(seed, reference.Units.Select(u => u.CallSign), units!.Value),
            SpotCheck.Draw(seed, reference.MustPatrolPoints.Select(p => p.Id), points!.Value), caller.Actor, now);
        session.Events.StartStream<InspectionState>(id, drawnEvent);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
        {
            // Another inspector drew the day's sample at the same moment: theirs stands.
            await using var again = store.QuerySession();
            return Results.Ok(await again.LoadAsync<InspectionState>(id, cancellation));
        }
        return Results.Created($"/inspections/{date.Value:yyyy-MM-dd}", InspectionState.Evolve(null, drawnEvent)! with { Version = 1 });
    }
}
