using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Elderly;

/// <summary>Replaces a registered person's record as a whole; <c>expectedVersion</c> makes it conditional (a stale one is a 409).</summary>
public static class UpdateVulnerablePersonEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePut("/vulnerable-people/{id}")]
    [ProducesResponseType(typeof(VulnerablePersonView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Put(Guid id, PersonRecordInput? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        var (record, problem) = PersonRecordRules.Check(request is null ? null : request with { Id = null }, reference, http);
        if (problem is not null) return problem;
        if (id == Guid.Empty) return Problems.NotFound($"Person {id}", http);

        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<VulnerablePersonState>(id, cancellation);
        if (stream.Aggregate is null) return Problems.NotFound($"Person {id}", http);
        if (request!.ExpectedVersion is { } expected && expected != stream.CurrentVersion)
            return Problems.From(new Rejection(RejectionKind.Conflict, "stale-version",
                $"Person {id} is at version {stream.CurrentVersion}, not {expected}; reload and try again."), http);
        if (await RegisterVulnerablePersonEndpoint.DeviceTaken(write.Session, record!.DeviceId, id, cancellation) is { } taken)
            return Problems.From(taken, http);
        var decision = VulnerablePersonDecider.Update(stream.Aggregate, record, write.Caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(VulnerablePersonView.From(stream.Aggregate, http.User));
        stream.AppendMany(decision.Events.ToArray());
        try
        {
            await write.Session.SaveChangesAsync(cancellation);
        }
        catch (Exception e) when (Projections.ElderlyCareStore.IsDeviceClash(e))
        {
            // Another request gave the device to someone else between our check and our commit.
            await using var query = store.QuerySession();
            return Problems.From(await RegisterVulnerablePersonEndpoint.DeviceTaken(query, record!.DeviceId, id, cancellation)
                ?? new Rejection(RejectionKind.Conflict, "device-in-use", $"Device {record.DeviceId} already belongs to another person."), http);
        }
        var state = VulnerablePersonState.Evolve(stream.Aggregate, decision.Events[0])! with { Version = (stream.CurrentVersion ?? 0) + 1 };
        return Results.Ok(VulnerablePersonView.From(state, http.User));
    }
}
