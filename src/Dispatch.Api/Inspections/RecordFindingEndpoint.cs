using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Inspections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Inspections;

public sealed record RecordFindingRequest(string? Subject, string? Severity, string? Text);

/// <summary>An inspector's finding about a unit (call sign) or must-patrol point (id) of the day's sample.</summary>
public static class RecordFindingEndpoint
{
    [Authorize(Policy = Policies.Inspect)]
    [WolverinePost("/inspections/{date}/findings")]
    [ProducesResponseType(typeof(InspectionState), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(string date, RecordFindingRequest? request, HttpContext http, IDocumentStore store, IClock clock,
        CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var day = RequestRules.Date(date, "date", errors);
        var subject = RequestRules.Required(request.Subject, 100, "subject", errors);
        if (request.Severity is null || !SpotCheck.Severities.Contains(request.Severity))
            errors["severity"] = [$"must be one of: {string.Join(", ", SpotCheck.Severities)}"];
        var text = RequestRules.Required(request.Text, 2000, "text", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var caller = http.Caller();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        var stream = await session.Events.FetchForWriting<InspectionState>(InspectionState.StreamIdFor(day!.Value), cancellation);
        if (stream.Aggregate is not { } inspection) return Problems.NotFound($"The spot-check of {day:yyyy-MM-dd}", http);
        if (!inspection.Units.Contains(subject) && !inspection.Points.Contains(subject))
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "not-in-sample",
                $"'{subject}' is not in the day's sample: units {string.Join(", ", inspection.Units)}; points {string.Join(", ", inspection.Points)}."), http);
        var finding = new FindingRecorded(inspection.Id, subject!, request.Severity!, text!, caller.Actor, clock.GetCurrentInstant());
        stream.AppendOne(finding);
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(InspectionState.Evolve(inspection, finding)! with { Version = inspection.Version + 1 });
    }
}
