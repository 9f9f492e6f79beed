import { OfferNotFound } from '@/components/offer/offer-not-found'

export default OfferNotFound
