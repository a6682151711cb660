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

/// <summary>Move a person (转移安置): into a shelter (the nearest open one with room when none is named), to another shelter, or home.</summary>
public sealed record RelocationRequest(Guid? PersonId, Guid? ShelterId, string? Destination, string? Reason);

public sealed record RelocationView(Guid PersonId, WhereaboutsView From, WhereaboutsView To, ShelterChoice? Choice, ShelterView? Shelter, bool Changed);

/// <summary>
/// The person's stream, the shelter they leave and the shelter they enter change in one transaction, each stream's version
/// checked, so two relocations into the last place cannot both commit: the loser re-reads and, when the shelter was chosen
/// for it, takes the next nearest; when it was named, a full shelter is a 409. A chosen shelter's search is on the event.
/// </summary>
public static class RelocatePersonEndpoint
{
    private const int Attempts = 20;

    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/relocations")]
    [ProducesResponseType(typeof(RelocationView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RelocationRequest? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.PersonId is null || request.PersonId == Guid.Empty) errors["personId"] = ["is required"];
        var destination = request.Destination ?? "shelter";
        if (destination is not ("shelter" or "home")) errors["destination"] = ["must be shelter (default) or home"];
        if (destination == "home" && request.ShelterId is not null) errors["shelterId"] = ["only with destination shelter"];
        if (request.ShelterId == Guid.Empty) errors["shelterId"] = ["must not be the empty GUID; omit it for the nearest open shelter with room"];
        var reason = RequestRules.Text(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        var personId = request.PersonId!.Value;

        var full = new HashSet<Guid>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            await using var write = WriteSession.Open(store, wolverine, http);
            var session = write.Session;
            var now = clock.GetCurrentInstant();
            var person = await session.Events.FetchForWriting<VulnerablePersonState>(personId, cancellation);
            if (person.Aggregate is not { } state) return Problems.NotFound($"Person {personId}", http);
            if (!state.Registered)
                return Problems.From(new Rejection(RejectionKind.RuleViolation, "person-deregistered",
                    $"Person {personId} was deregistered; only registered people are relocated."), http);
            var shelters = await session.Query<ShelterState>().ToListAsync(cancellation);
            var names = shelters.ToDictionary(s => s.Id, s => s.Site.Name);
            var from = VulnerablePersonView.WhereaboutsOf(state.ShelterId, state.WhereaboutsSince, names);

            Guid? target = null;
            ShelterChoice? choice = null;
            if (destination == "shelter")
            {
                if (request.ShelterId is { } named)
                {
                    if (!names.ContainsKey(named)) return Problems.NotFound($"Shelter {named}", http);
                    target = named;
                }
                else
                {
                    var origin = state.ShelterId is { } current && shelters.FirstOrDefault(s => s.Id == current) is { } inside
                        ? inside.Site.Location : state.Record.Location;
                    var exclude = new HashSet<Guid>(full);
                    if (state.ShelterId is { } own) exclude.Add(own);
                    choice = await GetNearestShelterEndpoint.NearestAsync(session, reference, origin, shelters, now, exclude, cancellation);
                    if (choice.ChosenShelterId is null)
                        return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "no-shelter-with-room",
                            type: "https://wuyang-patrol.example/problems/no-shelter-with-room", instance: http.Request.Path,
                            detail: "No open shelter with room is reachable: " +
                                    string.Join("; ", choice.Candidates.Select(c => $"{c.Name} {c.Outcome}")));
                    target = choice.ChosenShelterId;
                }
            }
            if (target == state.ShelterId)
                return Results.Ok(new RelocationView(personId, from, from, null, null, false)); // already there

            if (state.ShelterId is { } leaving)
            {
                var old = await session.Events.FetchForWriting<ShelterState>(leaving, cancellation);
                old.AppendOne(new ShelterOccupantLeft(leaving, personId, target, old.Aggregate!.Occupants.Count(o => o.PersonId != personId),
                    write.Caller.Actor, now));
            }
            ShelterState? entered = null;
            if (target is { } into)
            {
                var shelter = await session.Events.FetchForWriting<ShelterState>(into, cancellation);
                var admission = ShelterDecider.Admit(shelter.Aggregate!, personId, write.Caller.Actor, now);
                if (admission.Rejection is { } refused)
                {
                    if (request.ShelterId is not null) return Problems.From(refused, http);
                    full.Add(into); // filled up since the search read it: search again without it
                    continue;
                }
                shelter.AppendMany(admission.Events.ToArray());
                entered = ShelterState.Evolve(shelter.Aggregate, admission.Events[0])! with { Version = (shelter.CurrentVersion ?? 0) + 1 };
            }
            person.AppendOne(new PersonRelocated(personId, state.ShelterId, target, reason, choice, write.Caller.Actor, now));
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
            {
                continue; // another relocation changed the person or a shelter first: read again and decide again
            }
            var to = VulnerablePersonView.WhereaboutsOf(target, now, names);
            return Results.Ok(new RelocationView(personId, from, to, choice, entered is null ? null : ShelterView.From(entered, http.User, null), true));
        }
        return Problems.From(new Rejection(RejectionKind.Conflict, "concurrent-write",
            $"Relocating person {personId} lost {Attempts} races with other relocations; try again."), http);
    }
}
