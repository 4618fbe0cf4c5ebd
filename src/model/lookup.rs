//! Look-ups by ID in the plan's long lists (thousands of targets, hundreds of chapters), which
//! every tag, index row and page makes: a linear search there makes a large plan quadratic.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A map from ID to position in a list, built on the first look-up. The plan is not edited once
/// loaded, but to stay right if it is, the map remembers the list it was built from (address and
/// length): a list that grew, shrank or moved since is searched linearly, and a hit is checked
/// against the item.
#[derive(Debug, Default)]
pub struct IdLookup(OnceLock<Built>);

#[derive(Debug)]
struct Built {
    list: (usize, usize),
    positions: HashMap<String, usize>,
}

/// A copy of a list starts without a map (it would describe the original).
impl Clone for IdLookup {
    fn clone(&self) -> Self {
        IdLookup::default()
    }
}

impl IdLookup {
    /// The first item of `items` whose `key` is `id`.
    pub fn find<'a, T>(&self, items: &'a [T], id: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
        let identity = (items.as_ptr() as usize, items.len());
        let built = self.0.get_or_init(|| {
            let mut positions = HashMap::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                positions.entry(key(item).to_string()).or_insert(i);
            }
            Built {
                list: identity,
                positions,
            }
        });
        if built.list != identity {
            return items.iter().find(|item| key(item) == id);
        }
        match built.positions.get(id).map(|&i| &items[i]) {
            Some(item) if key(item) == id => Some(item),
            Some(_) => items.iter().find(|item| key(item) == id),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IdLookup;

    #[test]
    fn finds_the_first_item_with_an_id() {
        let items = vec![("a", 1), ("b", 2), ("a", 3)];
        let lookup = IdLookup::default();
        assert_eq!(lookup.find(&items, "a", |t| t.0), Some(&("a", 1)));
        assert_eq!(lookup.find(&items, "b", |t| t.0), Some(&("b", 2)));
        assert_eq!(lookup.find(&items, "c", |t| t.0), None);
    }

    #[test]
    fn a_changed_list_is_searched_again() {
        let lookup = IdLookup::default();
        let mut items = vec![("a".to_string(), 1)];
        assert!(lookup.find(&items, "a", |t| &t.0).is_some());
        items.push(("b".to_string(), 2));
        assert_eq!(lookup.find(&items, "b", |t| &t.0).map(|t| t.1), Some(2));
        items[0].0 = "z".to_string();
        assert_eq!(lookup.find(&items, "a", |t| &t.0), None);
        assert_eq!(lookup.find(&items, "z", |t| &t.0).map(|t| t.1), Some(1));
    }
}
