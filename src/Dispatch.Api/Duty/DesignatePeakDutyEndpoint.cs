using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Duty;

public sealed record DesignatePeakDutyRequest(string? From, string? To, string? Reason);

/// <summary>Declares local days a major holiday or security period: peak duty applies on them as on workdays.</summary>
public static class DesignatePeakDutyEndpoint
{
    [Authorize(Policy = Policies.ChangeDutyLevel)]
    [WolverinePost("/duty-level/peak-designations")]
    [ProducesResponseType(typeof(DutyLevelView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(DutyLevelView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(DesignatePeakDutyRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var from = RequestRules.Date(request.From, "from", errors);
        var to = RequestRules.Date(request.To, "to", errors);
        var reason = RequestRules.Required(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        var decision = DutyDecider.Designate(stream.Aggregate, from!.Value, to!.Value, reason!, write.Caller.Actor, now);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(DutyLevelView.From(stream.Aggregate!, reference, now));
        if (stream.Aggregate is null) return Problems.NotFound("The county duty stream", http);
        stream.AppendMany(decision.Events.ToArray());
        await write.Session.SaveChangesAsync(cancellation);
        var state = decision.Events.Aggregate(stream.Aggregate, (s, e) => CountyDutyState.Evolve(s, e)!) with { Version = stream.Aggregate.Version + 1 };
        return Results.Created("/duty-level", DutyLevelView.From(state, reference, now));
    }
}
