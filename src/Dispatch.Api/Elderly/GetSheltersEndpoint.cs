using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Elderly;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Elderly;

/// <summary>The shelters with their capacity and how many places are taken; one shelter with its occupants.</summary>
public static class GetSheltersEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/shelters")]
    [ProducesResponseType(typeof(IReadOnlyList<ShelterView>), StatusCodes.Status200OK)]
    public static async Task<IResult> GetAll(HttpContext http, IQuerySession session, CancellationToken cancellation) =>
        Results.Ok((await session.Query<ShelterState>().ToListAsync(cancellation)).OrderBy(s => s.Site.Code, StringComparer.Ordinal)
            .Select(s => ShelterView.From(s, http.User, null)).ToList());

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/shelters/{id}")]
    [ProducesResponseType(typeof(ShelterView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<ShelterState>(id, cancellation) is not { } shelter) return Problems.NotFound($"Shelter {id}", http);
        var people = (await session.LoadManyAsync<VulnerablePersonState>(cancellation, shelter.Occupants.Select(o => o.PersonId)))
            .ToDictionary(p => p.Id);
        return Results.Ok(ShelterView.From(shelter, http.User, people));
    }
}
