package io.mailgate.core.admin;

import java.util.List;

/** A list answer, {@code {"items":[...]}}: an object, so that paging fields can join it later. */
public record Items<T>(List<T> items) {
}
